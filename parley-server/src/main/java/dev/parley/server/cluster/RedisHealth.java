package dev.parley.server.cluster;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node reaches Redis, and since when: what {@code /health} reports as the
 * {@code redis} component (down = DEGRADED: same-node delivery and sync go on, cross-node
 * notifications wait). Logs one WARN when Redis is lost and one INFO when it is back.
 */
public final class RedisHealth {
    private static final Logger log = LoggerFactory.getLogger(RedisHealth.class);

    /** The component's state: up or down, since when, and why when down. */
    public record Status(boolean up, Instant since, String detail) {
    }

    private final Clock clock;
    private final String where;
    private volatile Status status;

    RedisHealth(Clock clock, String where) {
        this.clock = clock;
        this.where = where;
        this.status = new Status(false, clock.instant(), "not connected yet");
    }

    public Status status() {
        return status;
    }

    public boolean up() {
        return status.up();
    }

    /** Marks Redis reachable; returns whether it was not (the caller re-announces this node). */
    synchronized boolean connected() {
        if (status.up()) {
            return false;
        }
        if (!status.detail().equals("not connected yet")) {
            log.info("Redis at {} is back after {} s: cross-node notifications resume, presence re-announced",
                    where, Math.max(0, clock.instant().getEpochSecond() - status.since().getEpochSecond()));
        }
        // /health answers anyone: what and since when, not where (the log says where).
        status = new Status(true, clock.instant(), "connected");
        return true;
    }

    synchronized void lost(String why) {
        if (status.up()) {
            log.warn("Redis at {} lost ({}): this node keeps serving its own sessions; cross-node notifications"
                    + " wait and devices catch up by sync when it returns", where, why);
            status = new Status(false, clock.instant(), "unreachable (see the node's log)");
        }
    }
}
