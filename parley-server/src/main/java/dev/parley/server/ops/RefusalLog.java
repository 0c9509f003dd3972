package dev.parley.server.ops;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs refusals of one kind at most {@code perSecond} times a second: a flood of bad
 * connects must not flood the log too. What a second drops is counted and reported as one
 * line with the next refusal after it.
 */
public final class RefusalLog {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final Logger log;
    private final String kind;
    private final int perSecond;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int logged;
    private long suppressed;

    public RefusalLog(Logger log, String kind, int perSecond) {
        this(log, kind, perSecond, System::nanoTime);
    }

    RefusalLog(Logger log, String kind, int perSecond, LongSupplier nanoTime) {
        this.log = log;
        this.kind = kind;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /** Logs at INFO like {@link Logger#info(String, Object...)}, unless this second's quota is spent. */
    public void refused(String format, Object... args) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long dropped = 0;
        boolean emit;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - windowStart >= SECOND_NANOS) {
                dropped = suppressed;
                suppressed = 0;
                logged = 0;
                windowStart = now;
            }
            emit = logged < perSecond;
            if (emit) {
                logged++;
            } else {
                suppressed++;
            }
        }
        if (dropped > 0) {
            log.info("suppressed {} similar {} refusals (more than {} a second)", dropped, kind, perSecond);
        }
        if (emit) {
            log.info(format, args);
        }
    }
}
