package dev.parley.server.cluster.harness;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.server.support.MessageRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The exact-count check of the cluster tests: every message a {@link PacedSender} had
 * acknowledged reached each recipient device exactly once, and each sender's messages
 * reached it in the order sent. Messages that were never acknowledged may or may not arrive
 * (a send cut off with the node may have been stored); they are never counted as lost, but
 * if they arrive they must not break the order or arrive twice either.
 */
public final class DeliveryCheck {
    /** One message as a recipient saw it: its id and the number its sender gave it. */
    public record Seen(String uid, int number) {
    }

    private record Stream(PacedSender sender, List<Device> recipients) {
    }

    private final List<Stream> streams = new ArrayList<>();

    /** Expects every message {@code sender} had acknowledged on each of {@code recipients}. */
    public DeliveryCheck expect(PacedSender sender, List<Device> recipients) {
        streams.add(new Stream(sender, List.copyOf(recipients)));
        return this;
    }

    /** Messages acknowledged over all senders. */
    public int acked() {
        return streams.stream().mapToInt(s -> s.sender().acked().size()).sum();
    }

    /** Waits until every acknowledged message has arrived everywhere, then checks once-and-in-order. */
    public void assertEveryAckedDeliveredOnceInOrder(Duration timeout) {
        try {
            Awaitility.await("every acknowledged message delivered").atMost(timeout)
                    .pollInterval(Duration.ofMillis(100)).until(() -> missing().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not every acknowledged message was delivered within " + timeout + ":\n"
                    + String.join("\n", missing()) + "\n" + summary(), e);
        }
        List<String> problems = new ArrayList<>();
        for (Stream s : streams) {
            for (Device r : s.recipients()) {
                problems.addAll(problems(s.sender().acked(), seen(s.sender(), r.messages()))
                        .stream().map(p -> s.sender().from().user() + " -> " + r.user() + ": " + p).toList());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems) + "\n" + summary());
        }
    }

    private List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Stream s : streams) {
            for (Device r : s.recipients()) {
                Set<String> uids = new HashSet<>();
                seen(s.sender(), r.messages()).forEach(m -> uids.add(m.uid()));
                long absent = s.sender().acked().stream().filter(a -> !uids.contains(a.uid())).count();
                if (absent > 0) {
                    missing.add(s.sender().from().user() + " -> " + r.user() + ": " + absent + " of "
                            + s.sender().acked().size() + " acknowledged not delivered");
                }
            }
        }
        return missing;
    }

    /** What went wrong between one sender's acknowledged messages and what one recipient saw of that sender. */
    public static List<String> problems(List<PacedSender.Acked> acked, List<Seen> seen) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> times = new HashMap<>();
        seen.forEach(s -> times.merge(s.uid(), 1, Integer::sum));
        for (PacedSender.Acked a : acked) {
            int n = times.getOrDefault(a.uid(), 0);
            if (n != 1) {
                problems.add("message #" + a.number() + " (" + a.uid() + ") delivered " + n + " times");
            }
        }
        times.forEach((uid, n) -> {
            if (n > 1 && acked.stream().noneMatch(a -> a.uid().equals(uid))) {
                problems.add("unacknowledged message " + uid + " delivered " + n + " times");
            }
        });
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).number() <= seen.get(i - 1).number()) {
                problems.add("out of order or repeated: #" + seen.get(i).number() + " after #"
                        + seen.get(i - 1).number() + " (delivery " + i + ")");
            }
        }
        return problems;
    }

    /** What {@code recipient} delivered of {@code sender}'s stream, in delivery order. */
    static List<Seen> seen(PacedSender sender, MessageRecorder recipient) {
        String from = sender.from().user();
        List<Seen> seen = new ArrayList<>();
        for (MessageRecorder.Delivery d : recipient.deliveries) {
            Message m = d.message();
            boolean sameConversation = m.getConversationType() == sender.type()
                    && (sender.type() == ConversationType.PRIVATE || sender.targetId().equals(m.getTargetId()));
            if (from.equals(m.getSenderUserId()) && sameConversation) {
                int number = PacedSender.numberOf(m);
                if (number > 0) {
                    seen.add(new Seen(m.getMessageUId(), number));
                }
            }
        }
        return seen;
    }

    private String summary() {
        StringBuilder sb = new StringBuilder("streams:");
        streams.forEach(s -> sb.append("\n  ").append(s.sender()).append(" to ").append(s.recipients()));
        return sb.toString();
    }
}
