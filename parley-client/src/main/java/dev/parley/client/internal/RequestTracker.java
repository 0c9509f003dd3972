package dev.parley.client.internal;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Requests waiting for their answer, by {@code Frame.request_id}, each with a deadline. Every
 * request gets the same timeout, so insertion order is deadline order: one timer, set for the
 * oldest request, serves them all (no timer per message). Confined to the engine's actor.
 */
final class RequestTracker {
    /** The other end of one request. Exactly one method is called, once. */
    interface Pending {
        void onAnswer(Frame answer);

        /** 30003 no answer in time, or 30002 the session ended first. */
        void onFailed(int code);
    }

    private record Waiting(Pending pending, long deadlineNanos) {
    }

    private final ActorTimer timers;
    private final long timeoutNanos;
    private final Map<Integer, Waiting> waiting = new LinkedHashMap<>();
    private int lastId;
    private Future<?> sweep;
    // A cancelled timer may still run; only the latest one may act.
    private long sweepEpoch;

    RequestTracker(ActorTimer timers, Duration timeout) {
        this.timers = timers;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Registers a request about to be written; returns its non-zero request id. */
    int register(Pending pending) {
        do {
            lastId++;
        } while (lastId == 0 || waiting.containsKey(lastId));
        long deadline = System.nanoTime() + timeoutNanos;
        waiting.put(lastId, new Waiting(pending, deadline));
        if (sweep == null) {
            scheduleSweep(deadline);
        }
        return lastId;
    }

    /** Hands an answer to its request; false if nobody waits for that id (late, or unsolicited). */
    boolean answer(Frame frame) {
        Waiting w = waiting.remove(frame.getRequestId());
        if (w == null) {
            return false;
        }
        w.pending.onAnswer(frame);
        return true;
    }

    /** The session is over: every waiting request fails with 30002. */
    void failAll() {
        List<Waiting> all = new ArrayList<>(waiting.values());
        waiting.clear();
        ActorTimer.cancel(sweep);
        sweep = null;
        sweepEpoch++;
        all.forEach(w -> w.pending.onFailed(ErrorCode.RC_NET_UNAVAILABLE));
    }

    int size() {
        return waiting.size();
    }

    private void scheduleSweep(long deadlineNanos) {
        long mine = ++sweepEpoch;
        sweep = timers.after(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), () -> expire(mine));
    }

    private void expire(long epoch) {
        if (epoch != sweepEpoch) {
            return;
        }
        sweep = null;
        long now = System.nanoTime();
        List<Pending> expired = new ArrayList<>();
        Iterator<Waiting> it = waiting.values().iterator();
        while (it.hasNext()) {
            Waiting w = it.next();
            if (w.deadlineNanos - now > 0) {
                break;
            }
            it.remove();
            expired.add(w.pending);
        }
        // Callbacks may register new requests (a resend), so call them after the scan.
        expired.forEach(p -> p.onFailed(ErrorCode.RC_MSG_RESP_TIMEOUT));
        if (sweep == null && !waiting.isEmpty()) {
            scheduleSweep(waiting.values().iterator().next().deadlineNanos);
        }
    }
}
