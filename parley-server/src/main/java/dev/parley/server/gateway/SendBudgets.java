package dev.parley.server.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * The send budgets of devices, kept per app, user and device rather than per connection:
 * a device that reconnects finds the budget it left, so reconnecting does not refill it.
 * Each device has two buckets: ordinary sends (the app's rate) and status sends such as
 * typing (a fixed {@link #STATUS_PER_SECOND}), which are not stored but each go through the
 * one delivery thread.
 *
 * <p>A bucket refills completely within a second of its last use, so one unused for longer
 * than {@link #IDLE_EXPIRY} is full anyway and can be forgotten: the store holds only the
 * devices that sent recently, at most {@link #MAX_DEVICES} of them.
 */
public final class SendBudgets {
    /** Status sends one device may make per second (and in a burst). */
    public static final int STATUS_PER_SECOND = 5;
    static final Duration IDLE_EXPIRY = Duration.ofSeconds(10);
    static final long MAX_DEVICES = 200_000;

    private record Device(String appKey, String userId, String deviceId) {
    }

    private static final class Buckets {
        final SendRateLimiter messages = new SendRateLimiter();
        final SendRateLimiter status = new SendRateLimiter();
    }

    private final Cache<Device, Buckets> byDevice = Caffeine.newBuilder()
            .maximumSize(MAX_DEVICES)
            .expireAfterAccess(IDLE_EXPIRY)
            .build();

    /** True if the session's device may send a message now, at {@code ratePerSecond} (0 = no limit). */
    public boolean tryMessage(Session session, int ratePerSecond, long nowNanos) {
        return ratePerSecond <= 0 || of(session).messages.tryAcquire(ratePerSecond, nowNanos);
    }

    /** True if the session's device may send a status (typing) now. */
    public boolean tryStatus(Session session, long nowNanos) {
        return of(session).status.tryAcquire(STATUS_PER_SECOND, nowNanos);
    }

    private Buckets of(Session s) {
        return byDevice.get(new Device(s.appKey(), s.userId(), s.deviceId()), d -> new Buckets());
    }
}
