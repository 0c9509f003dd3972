package dev.parley.bench.measure;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Book-keeping of a messaging run: every message the generator sends has a number {@code id}
 * (in the message's {@code extra}), its send time, the step (offered rate) it was sent in,
 * whether the server acknowledged it, and which receivers got it. From that come end-to-end
 * latency per step (send call to receive callback, both {@link System#nanoTime()} of this
 * JVM: sender and receiver engines live in the same process), lost deliveries (acknowledged,
 * never received) and duplicates (a receiver told of the same message twice).
 *
 * <p>With one expected receiver per message (1:1) a counter per message suffices; with more
 * (groups), each receiver keeps a bit set of the ids it has seen.
 */
public final class DeliveryTracker {
    private static final int ACKED = 1;
    private static final int FAILED = 2;

    private final int capacity;
    private final int receiversPerMessage;
    private final long[] sentAt;
    private final byte[] stepOf;
    private final AtomicIntegerArray ackState;
    private final AtomicIntegerArray deliveries;
    private final BitSet[] seenBy;
    private final LatencyRecorder[] latency;
    private final LongAdder[] deliveredInStep;
    private final AtomicLong nextId = new AtomicLong();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final Map<Integer, LongAdder> failuresByCode = new ConcurrentHashMap<>();

    /**
     * @param capacity            most messages the run may send
     * @param receivers           receiving engines (indexes 0..receivers-1), for duplicate detection in groups
     * @param receiversPerMessage deliveries each message should make
     * @param steps               steps (offered rates) of the run; latency is kept per step
     */
    public DeliveryTracker(int capacity, int receivers, int receiversPerMessage, int steps) {
        if (capacity < 1 || receiversPerMessage < 1 || steps < 1 || steps > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("bad tracker size");
        }
        this.capacity = capacity;
        this.receiversPerMessage = receiversPerMessage;
        this.sentAt = new long[capacity];
        this.stepOf = new byte[capacity];
        this.ackState = new AtomicIntegerArray(capacity);
        this.deliveries = new AtomicIntegerArray(capacity);
        this.seenBy = receiversPerMessage > 1 ? new BitSet[receivers] : new BitSet[0];
        for (int i = 0; i < seenBy.length; i++) {
            seenBy[i] = new BitSet();
        }
        this.latency = new LatencyRecorder[steps];
        this.deliveredInStep = new LongAdder[steps];
        for (int i = 0; i < steps; i++) {
            latency[i] = new LatencyRecorder();
            deliveredInStep[i] = new LongAdder();
        }
    }

    /** A fresh id for a message about to be sent in {@code step}, or -1 if the run's capacity is used up. */
    public long reserve(int step) {
        long id = nextId.getAndIncrement();
        if (id >= capacity) {
            return -1;
        }
        stepOf[(int) id] = (byte) step;
        return id;
    }

    /** Call right before {@code sendMessage}: the start of the message's end-to-end latency. */
    public void sending(long id, long nanoTime) {
        sentAt[(int) id] = nanoTime;
    }

    /** The send call itself refused the message (no callback will come). */
    public void refused(long id, int code) {
        onAck(id, code);
    }

    /** The server's answer to a send (onMessageSent). */
    public void onAck(long id, int code) {
        if (code == 0) {
            ackState.set((int) id, ACKED);
            acked.increment();
        } else {
            ackState.set((int) id, FAILED);
            failed.increment();
            failuresByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
        }
    }

    /** Receiver {@code receiver} was told of message {@code id} at {@code nanoTime}. */
    public void onReceived(int receiver, long id, long nanoTime) {
        if (id < 0 || id >= capacity || id >= nextId.get()) {
            unknown.increment();
            return;
        }
        int i = (int) id;
        if (receiversPerMessage > 1) {
            BitSet seen = seenBy[receiver];
            synchronized (seen) {
                if (seen.get(i)) {
                    duplicates.increment();
                    return;
                }
                seen.set(i);
            }
            deliveries.incrementAndGet(i);
        } else if (deliveries.incrementAndGet(i) > 1) {
            duplicates.increment();
            return;
        }
        received.increment();
        long sent = sentAt[i];
        int step = stepOf[i];
        deliveredInStep[step].increment();
        if (sent != 0) {
            latency[step].recordNanos(nanoTime - sent);
        }
    }

    public long sent() {
        return Math.min(nextId.get(), capacity);
    }

    public long acked() {
        return acked.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** Sends without an answer yet. */
    public long outstanding() {
        return sent() - acked.sum() - failed.sum();
    }

    /** First deliveries (duplicates not counted). */
    public long received() {
        return received.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    /** Messages received that this run never sent (should be 0). */
    public long unknown() {
        return unknown.sum();
    }

    /** Deliveries of acknowledged messages still missing: lost, once the grace period is over. */
    public long missing() {
        return missing(-1);
    }

    /** {@link #missing()} of messages sent in {@code step} only; -1 for all steps. */
    public long missing(int step) {
        long missing = 0;
        long n = sent();
        for (int i = 0; i < n; i++) {
            if ((step < 0 || stepOf[i] == step) && ackState.get(i) == ACKED) {
                missing += Math.max(0, receiversPerMessage - deliveries.get(i));
            }
        }
        return missing;
    }

    /** Expected deliveries of the acknowledged messages: what {@link #received()} should reach. */
    public long expectedDeliveries() {
        return acked.sum() * receiversPerMessage;
    }

    public Histogram latencyMicros(int step) {
        return latency[step].histogram();
    }

    /** Deliveries of messages sent in {@code step}, so far. */
    public long deliveredOf(int step) {
        return deliveredInStep[step].sum();
    }

    public Map<Integer, Long> failuresByCode() {
        Map<Integer, Long> out = new TreeMap<>();
        failuresByCode.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    /** The id a bench message carries in its {@code extra}, read from the content JSON; -1 if none. */
    public static long idFromContent(String contentJson) {
        if (contentJson == null) {
            return -1;
        }
        int at = contentJson.indexOf("\"extra\":\"");
        if (at < 0) {
            return -1;
        }
        long id = 0;
        int digits = 0;
        for (int i = at + 9; i < contentJson.length(); i++) {
            char c = contentJson.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
            digits++;
        }
        return digits == 0 || digits > 18 ? -1 : id;
    }
}
