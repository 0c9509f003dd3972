package dev.parley.server.cluster.harness;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.SendMessageCallback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams numbered text messages from one device to one conversation, one at a time: the
 * next goes out when the previous one's {@code onMessageSent} has come and at least
 * {@code pace} after the previous send, so a sender keeps well under the per-client rate
 * limit and its messages can only be stored in the order it numbered them. Records every
 * acknowledged message (number and messageUId) and counts the refusals by code; a message
 * whose send never came back is simply not acknowledged, and no check counts it as lost.
 */
public final class PacedSender implements AutoCloseable {
    private static final Pattern NUMBERED = Pattern.compile("\\[(\\S+)#(\\d+)]");

    /** One acknowledged message: its number in this sender's stream and the server's id. */
    public record Acked(int number, String uid) {
    }

    private final Device from;
    private final ConversationType type;
    private final String targetId;
    private final Duration pace;
    private final ScheduledExecutorService timer;
    private final List<Acked> acked = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CountDownLatch idle = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long lastSendNanos;

    public PacedSender(Device from, ConversationType type, String targetId, Duration pace) {
        this.from = from;
        this.type = type;
        this.targetId = targetId;
        this.pace = pace;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paced-sender-" + from.user());
            t.setDaemon(true);
            return t;
        });
    }

    /** The number a message's text carries, or -1 when it is not one of a PacedSender's. */
    public static int numberOf(Message m) {
        Matcher matcher = NUMBERED.matcher(m.getContent() == null ? "" : m.getContent());
        return matcher.find() ? Integer.parseInt(matcher.group(2)) : -1;
    }

    public PacedSender start() {
        timer.execute(this::sendNext);
        return this;
    }

    private void sendNext() {
        if (stopping) {
            idle.countDown();
            return;
        }
        int number = attempts.incrementAndGet();
        lastSendNanos = System.nanoTime();
        Message m = from.engine().createTextMessage(type, targetId, "[" + from.user() + "#" + number + "] to " + targetId);
        int rc = from.engine().sendMessage(m, new SendMessageCallback() {
            @Override
            public void onMessageSaved(Message message) {
            }

            @Override
            public void onMessageSent(int code, Message message) {
                if (code == 0) {
                    acked.add(new Acked(number, message.getMessageUId()));
                } else {
                    refused(code);
                }
                scheduleNext();
            }
        });
        if (rc != 0) {
            refused(rc);
            scheduleNext();
        }
    }

    private void refused(int code) {
        refusals.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
    }

    private void scheduleNext() {
        long wait = Math.max(0, lastSendNanos + pace.toNanos() - System.nanoTime());
        try {
            timer.schedule(this::sendNext, wait, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            idle.countDown();
        }
    }

    /** Sends nothing new; {@link #awaitIdle} then waits for the answer to the one in flight. */
    public void stop() {
        stopping = true;
    }

    /** Stops and waits until the message in flight is answered; false if it was not within {@code timeout}. */
    public boolean stopAndAwaitIdle(Duration timeout) throws InterruptedException {
        stop();
        return idle.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Device from() {
        return from;
    }

    public ConversationType type() {
        return type;
    }

    public String targetId() {
        return targetId;
    }

    /** Acknowledged messages, in the order they were acknowledged (= numbered). */
    public List<Acked> acked() {
        return List.copyOf(acked);
    }

    /** How many sends were refused with {@code code} (e.g. 30014 while the database is away). */
    public int refusals(int code) {
        AtomicInteger n = refusals.get(code);
        return n == null ? 0 : n.get();
    }

    /** Refusal counts by code. */
    public Map<Integer, Integer> refusals() {
        Map<Integer, Integer> copy = new java.util.TreeMap<>();
        refusals.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Messages handed to the SDK so far. */
    public int attempts() {
        return attempts.get();
    }

    @Override
    public void close() {
        stopping = true;
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return from.user() + "->" + targetId + "(" + acked.size() + " acked of " + attempts.get() + ", refused "
                + refusals() + ")";
    }
}
