package dev.parley.server.gateway;

/**
 * Token bucket for one device's sends: up to {@code rate} per second on average, with a
 * burst of one second's worth. Thread-safe: while a device reconnects, its old and new
 * connections may sit on different event loops and share this bucket.
 */
public final class SendRateLimiter {
    private double tokens = -1;
    private long lastNanos;

    /** True if a send is allowed now; {@code ratePerSecond <= 0} means no limit. */
    public synchronized boolean tryAcquire(int ratePerSecond, long nowNanos) {
        if (ratePerSecond <= 0) {
            return true;
        }
        if (tokens < 0) {
            tokens = ratePerSecond;
        } else {
            tokens = Math.min(ratePerSecond, tokens + (nowNanos - lastNanos) * ratePerSecond / 1e9);
        }
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
