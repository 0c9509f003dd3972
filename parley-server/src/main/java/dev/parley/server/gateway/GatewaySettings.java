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
}
