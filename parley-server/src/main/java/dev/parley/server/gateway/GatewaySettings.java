package dev.parley.server.gateway;

import java.time.Duration;

/**
 * Timing and size limits of client connections.
 *
 * @param heartbeatInterval how often clients ping; told to them in the ConnectAck
 * @param idleTimeout       a session that sends nothing for this long is closed
 * @param authTimeout       a fresh socket must complete the Connect handshake within this
 * @param maxFrameBytes     largest frame accepted from a client
 */
public record GatewaySettings(Duration heartbeatInterval, Duration idleTimeout, Duration authTimeout,
                              int maxFrameBytes) {
    /** The longest a connection may take none of our writes (see {@link #writeStallTimeout()}). */
    public static final Duration MAX_WRITE_STALL = Duration.ofSeconds(20);

    /**
     * A connection whose outbound buffer stays over its high-water mark this long is closed:
     * {@link #MAX_WRITE_STALL}, but at most half the idle timeout, because we do not read a
     * connection meanwhile, so its pings go unseen and the idle sweep would close it too,
     * for the wrong reason.
     */
    public Duration writeStallTimeout() {
        Duration half = idleTimeout.dividedBy(2);
        return half.compareTo(MAX_WRITE_STALL) < 0 ? half : MAX_WRITE_STALL;
    }
}
