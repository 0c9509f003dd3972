package dev.parley.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnection attempts (SPEC §3): 0.05, 0.25, 0.5, 1, 2, 4, 8, 16, 32 s, then
 * 64 s forever, each scaled by a random factor in [1 - jitter, 1 + jitter] so that clients
 * dropped together by a server restart do not come back together. {@link #reset()} after a
 * success starts the schedule again. Not thread-safe: owned by one state machine.
 */
final class ReconnectBackoff {
    static final long[] SCHEDULE_MILLIS = {50, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000};
    static final double DEFAULT_JITTER = 0.2;

    private final double jitter;
    private final DoubleSupplier random;
    private int failures;

    ReconnectBackoff() {
        this(DEFAULT_JITTER, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param jitter relative spread, 0 for none
     * @param random uniform values in [0, 1)
     */
    ReconnectBackoff(double jitter, DoubleSupplier random) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay before the next attempt; each call advances the schedule. */
    Duration nextDelay() {
        long base = SCHEDULE_MILLIS[Math.min(failures, SCHEDULE_MILLIS.length - 1)];
        if (failures < SCHEDULE_MILLIS.length) {
            failures++;
        }
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(base * factor));
    }

    /** Starts the schedule again from its shortest delay. */
    void reset() {
        failures = 0;
    }
}
