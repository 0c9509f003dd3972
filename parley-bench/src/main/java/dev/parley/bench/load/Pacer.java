package dev.parley.bench.load;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Offers work at a fixed rate: at any moment, {@code rate × elapsed} operations should have
 * started. One thread; it sends what is due, then sleeps a fraction of a millisecond. If
 * too many operations are unanswered ({@code maxOutstanding}), it waits instead of piling up
 * more, so the achieved rate (reported next to the offered one) drops below the offered rate
 * rather than the generator's memory growing without bound.
 */
public final class Pacer {
    private static final long TICK_NANOS = 200_000;

    private Pacer() {
    }

    /** One operation; returns false when nothing more can be sent (capacity used up). */
    @FunctionalInterface
    public interface Op {
        boolean send();
    }

    /** What a paced phase did. */
    public record Result(long started, long elapsedNanos, long throttledNanos) {
        public double ratePerSecond() {
            return elapsedNanos > 0 ? started * 1e9 / elapsedNanos : 0;
        }
    }

    /**
     * Starts {@code op} {@code ratePerSecond} times a second for {@code durationNanos}.
     *
     * @param outstanding operations started but not answered yet
     */
    public static Result run(double ratePerSecond, long durationNanos, long maxOutstanding, LongSupplier outstanding,
                             Op op) {
        long start = System.nanoTime();
        long end = start + durationNanos;
        long started = 0;
        long throttled = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = due(ratePerSecond, now - start);
            boolean exhausted = false;
            while (started < due) {
                if (outstanding.getAsLong() >= maxOutstanding) {
                    long waitFrom = System.nanoTime();
                    LockSupport.parkNanos(TICK_NANOS);
                    throttled += System.nanoTime() - waitFrom;
                    if (System.nanoTime() >= end) {
                        break;
                    }
                    continue;
                }
                if (!op.send()) {
                    exhausted = true;
                    break;
                }
                started++;
            }
            if (exhausted) {
                break;
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
        return new Result(started, Math.min(System.nanoTime(), end) - start, throttled);
    }

    /** Operations that should have started {@code elapsedNanos} into a phase at {@code ratePerSecond}. */
    static long due(double ratePerSecond, long elapsedNanos) {
        return (long) (ratePerSecond * elapsedNanos / 1e9) + 1;
    }
}
