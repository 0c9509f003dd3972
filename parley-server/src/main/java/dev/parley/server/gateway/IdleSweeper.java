package dev.parley.server.gateway;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes sessions that have sent nothing, not even a ping, for the idle timeout. One sweep
 * over all sessions replaces a timer per connection: at tens of thousands of idle
 * connections that saves memory and timer churn on the event loops. Sockets that never
 * authenticate are closed by the handshake deadline instead.
 */
public final class IdleSweeper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(IdleSweeper.class);

    private final SessionRegistry sessions;
    private final long idleNanos;
    private final GatewayMetrics metrics;

    public IdleSweeper(SessionRegistry sessions, Duration idleTimeout, GatewayMetrics metrics) {
        this.sessions = sessions;
        this.idleNanos = idleTimeout.toNanos();
        this.metrics = metrics;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        sessions.forEach(s -> {
            if (now - s.lastReadNanos() > idleNanos && s.channel().isActive()) {
                log.debug("{} idle; closing", s);
                metrics.idleTimeout();
                s.channel().close();
            }
        });
    }
}
