package dev.parley.client;

/**
 * Connection state of an {@link ImEngine}. The numbers are part of the public contract
 * (SPEC §3) and never change.
 */
public enum ConnectionStatus {
    /** No network; reserved, the Java SDK does not probe the network. */
    NETWORK_UNAVAILABLE(0),
    /** Connected to a gateway and authenticated. */
    CONNECTED(1),
    /** An attempt to reach the gateway is under way. */
    CONNECTING(2),
    /**
     * Not connected and not trying: the initial state, and the state after a terminal refusal
     * that has no more specific status (31001 protocol version, 31002 identity rejected,
     * 31008 app blocked or deleted).
     */
    UNCONNECTED(3),
    /** Another device of the same platform class logged in (31010); reconnection stopped. */
    KICKED_OFFLINE_BY_OTHER_CLIENT(4),
    /** The token is malformed, forged, expired or revoked (31004); fetch a new one. */
    TOKEN_INCORRECT(5),
    /** The user is blocked (31009 at connect, 31011 while online); reconnection stopped. */
    CONN_USER_BLOCKED(6),
    /** The app called {@link ImEngine#disconnect(boolean)} or {@link ImEngine#destroy()}. */
    SIGN_OUT(7),
    /** The connection was lost or an attempt failed; the SDK retries after a backoff delay. */
    SUSPEND(8),
    /** {@code connect} gave up after its timeout (34006). */
    TIMEOUT(9),
    /** Reserved for states this SDK version cannot name. */
    UNKNOWN(10);

    private final int value;

    ConnectionStatus(int value) {
        this.value = value;
    }

    /** The fixed number of this status. */
    public int getValue() {
        return value;
    }

    /** The status with the given number, or {@link #UNKNOWN}. */
    public static ConnectionStatus fromValue(int value) {
        for (ConnectionStatus s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
