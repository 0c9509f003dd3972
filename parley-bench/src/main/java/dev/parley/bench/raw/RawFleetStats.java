package dev.parley.bench.raw;

import java.util.concurrent.atomic.LongAdder;

/**
 * What went wrong (or differently) across a raw fleet's sessions: a healthy run shows zeros,
 * and the report prints them so that a reader need not take that on trust.
 */
public final class RawFleetStats {
    private final LongAdder gapSyncs = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder kicked = new LongAdder();

    void countGapSync() {
        gapSyncs.increment();
    }

    void countDropped() {
        dropped.increment();
    }

    void countKicked() {
        kicked.increment();
    }

    /** Notifies that skipped past the cursor, each answered by a sync (0 when the server keeps order). */
    public long gapSyncs() {
        return gapSyncs.sum();
    }

    /** Sessions the server closed after they were up. */
    public long dropped() {
        return dropped.sum();
    }

    /** Sessions kicked (another device of the same user signed in). */
    public long kicked() {
        return kicked.sum();
    }
}
