package dev.parley.server.http;

import java.time.Duration;

/**
 * How long and how many: what the HTTP port allows a client before it has shown it is one.
 *
 * @param headerTimeout         a request's headers must be in within this of its first byte (of the connection
 *                              opening, for a connection's first request)
 * @param bodyTimeout           a whole request must be in within this of its first byte
 * @param keepAliveIdle         a kept-alive connection with no request in progress is closed after this
 * @param maxUnproven           connections, node-wide, that have not yet had a request answered (or, on
 *                              {@code /ws}, a Connect accepted)
 * @param maxUnprovenPerAddress the same, per remote IP address
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration keepAliveIdle, int maxUnproven,
                         int maxUnprovenPerAddress) {
    public static final int DEFAULT_MAX_UNPROVEN = 8192;
    public static final int DEFAULT_MAX_UNPROVEN_PER_ADDRESS = 256;
    private static final Duration MAX_KEEP_ALIVE_IDLE = Duration.ofSeconds(60);

    public HttpLimits {
        if (bodyTimeout.compareTo(headerTimeout) < 0) {
            throw new IllegalArgumentException("body timeout must be at least the header timeout");
        }
    }

    /**
     * Derived from the gateway's timings, so the HTTP port needs no settings of its own: a client
     * gets as long for its request headers as a socket gets to authenticate (10 s by default),
     * three times that for the whole request (30 s), and a kept-alive connection may idle as long
     * as a gateway session may, at most 60 s.
     */
    public static HttpLimits derivedFrom(Duration authTimeout, Duration idleTimeout) {
        Duration idle = idleTimeout.compareTo(MAX_KEEP_ALIVE_IDLE) < 0 ? idleTimeout : MAX_KEEP_ALIVE_IDLE;
        return new HttpLimits(authTimeout, authTimeout.multipliedBy(3), idle, DEFAULT_MAX_UNPROVEN,
                DEFAULT_MAX_UNPROVEN_PER_ADDRESS);
    }
}
