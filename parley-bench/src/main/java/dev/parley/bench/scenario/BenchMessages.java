package dev.parley.bench.scenario;

import dev.parley.bench.load.EngineFleet;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.bench.measure.LatencySummary;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Table;
import dev.parley.client.ConversationType;
import dev.parley.client.ImEngine;
import dev.parley.client.Message;
import dev.parley.client.SendMessageCallback;
import dev.parley.client.TextMessage;
import dev.parley.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * What the messaging scenarios share: bench messages are ordinary persisted text messages
 * ({@code RC:TxtMsg}) whose {@code extra} carries the run's message number; listeners feed a
 * {@link DeliveryTracker}; and the node's own {@code parley_*} metrics are compared before and
 * after a phase.
 */
final class BenchMessages {
    /** Text of every bench message: the content is about 50 bytes of JSON with the id. */
    static final String TEXT = "bench message";

    private BenchMessages() {
    }

    /** Tells {@code tracker} of every bench message each engine of {@code fleet} receives (receiver = index). */
    static void listen(EngineFleet fleet, DeliveryTracker tracker) {
        List<ImEngine> engines = fleet.engines();
        for (int i = 0; i < engines.size(); i++) {
            int receiver = i;
            ImEngine engine = engines.get(i);
            engine.setOnMessageReceivedListener((message, left, offline, hasPackage) -> {
                long now = System.nanoTime();
                // A device is not told of its own sends; if it ever were, that is not a delivery.
                if (!message.getSenderUserId().equals(engine.getCurrentUserId())) {
                    tracker.onReceived(receiver, DeliveryTracker.idFromContent(message.getContent()), now);
                }
            });
        }
    }

    /** One callback for all sends: the id is in the acknowledged message's content. */
    static SendMessageCallback ackTo(DeliveryTracker tracker) {
        return new SendMessageCallback() {
            @Override
            public void onMessageSaved(Message message) {
            }

            @Override
            public void onMessageSent(int code, Message message) {
                long id = DeliveryTracker.idFromContent(message.getContent());
                if (id >= 0) {
                    tracker.onAck(id, code);
                }
            }
        };
    }

    /** Sends bench message {@code id} from {@code from} to {@code targetId}, stamping the send time first. */
    static void send(DeliveryTracker tracker, SendMessageCallback ack, ImEngine from, ConversationType type,
                     String targetId, long id) {
        TextMessage m = from.createTextMessage(type, targetId, TEXT, Long.toString(id));
        tracker.sending(id, System.nanoTime());
        int rc = from.sendMessage(m, ack);
        if (rc != ErrorCode.SUCCESS) {
            tracker.refused(id, rc);
        }
    }

    /** Waits until {@code done} or {@code millis} have passed; returns how long it waited, in ms. */
    static long await(BooleanSupplier done, long millis) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Totals of sent, acknowledged, refused, delivered, lost and duplicated, with refusals by code. */
    static void addTotals(Report r, DeliveryTracker t, long graceWaitedMs) {
        r.figure("messages_sent", "Messages sent", t.sent(), "");
        r.figure("messages_acked", "Messages acknowledged by the server", t.acked(), "");
        r.figure("messages_refused", "Messages refused (send error or error ack)", t.failed(), "");
        r.figure("messages_unanswered", "Messages without an ack at the end", t.outstanding(), "");
        r.figure("deliveries", "Deliveries received (first copies)", t.received(), "");
        r.figure("deliveries_lost", "Lost deliveries (acked, not received by the end of the grace period)",
                t.missing(), "");
        r.figure("deliveries_duplicated", "Duplicate deliveries", t.duplicates(), "");
        if (t.unknown() > 0) {
            r.figure("deliveries_unknown", "Received messages this run did not send", t.unknown(), "");
        }
        r.figure("grace_waited_ms", "Waited after the last send for the last deliveries", graceWaitedMs, "ms");
        if (!t.failuresByCode().isEmpty()) {
            r.note("Refused sends by code: " + t.failuresByCode().entrySet().stream()
                    .map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "))
                    + (t.failuresByCode().containsKey(ErrorCode.SEND_MSG_FREQUENCY_OVERRUN)
                    ? " (20604: the per-connection send limit was not lifted)" : "") + ".");
        }
    }

    static void addLatency(Report r, String prefix, String label, LatencySummary l) {
        r.figure(prefix + "_p50_ms", label + " p50", l.p50Ms(), "ms");
        r.figure(prefix + "_p99_ms", label + " p99", l.p99Ms(), "ms");
        r.figure(prefix + "_p999_ms", label + " p99.9", l.p999Ms(), "ms");
        r.figure(prefix + "_max_ms", label + " max", l.maxMs(), "ms");
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    /**
     * The node's {@code parley_*} series that changed during a phase (e.g. the writer's batch
     * sizes, if the node exports them), as a table; a note if it exports none.
     */
    static void addNodeSeries(Report r, String phase, Map<String, Double> before, Map<String, Double> after) {
        List<List<String>> rows = new ArrayList<>();
        after.forEach((name, value) -> {
            double was = before.getOrDefault(name, 0.0);
            if (value != was) {
                rows.add(List.of(name, String.format(Locale.ROOT, "%.6g", was), String.format(Locale.ROOT, "%.6g",
                        value)));
            }
        });
        if (rows.isEmpty()) {
            r.note("The node's /metrics showed no parley_* series changing in the " + phase + " phase (it exports no "
                    + "messaging or writer metrics), so the writer's batch sizes are not visible.");
        } else {
            r.table(new Table("Node metrics (parley_*) that changed, " + phase + " phase", List.of("series", "before",
                    "after"), rows));
        }
    }
}
