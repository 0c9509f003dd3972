package dev.parley.protocol;

/**
 * Status codes shared by the gateway and the SDKs. The numbers are part of the public
 * contract (SPEC §4) and never change meaning.
 */
public final class ErrorCode {
    private ErrorCode() {
    }

    public static final int SUCCESS = 0;

    // Transient: the SDK retries by itself.
    public static final int RC_CHANNEL_INVALID = 30001;
    public static final int RC_NET_UNAVAILABLE = 30002;
    public static final int RC_MSG_RESP_TIMEOUT = 30003;
    public static final int RC_NAVI_REQUEST_FAIL = 30004;
    public static final int RC_NAVI_RESPONSE_ERROR = 30007;
    public static final int RC_NAVI_NODE_INVALID = 30008;
    public static final int RC_NAVI_RESOURCE_ERROR = 30009;
    public static final int RC_SOCKET_NOT_CREATED = 30010;
    public static final int RC_SOCKET_DISCONNECTED = 30011;
    public static final int RC_PING_SEND_FAIL = 30012;
    public static final int RC_PONG_RECV_FAIL = 30013;
    public static final int RC_MSG_SEND_FAIL = 30014;
    public static final int RC_CONN_OVERFREQUENCY = 30015;
    public static final int RC_MSG_SIZE_OUT_OF_LIMIT = 30016;
    public static final int RC_CONN_ACK_TIMEOUT = 31000;
    public static final int RC_CONN_SERVER_UNAVAILABLE = 31003;
    public static final int RC_CONN_REDIRECTED = 31006;
    public static final int RC_CONNECTION_RESET_BY_PEER = 32054;

    // Terminal: reported to the app, reconnection stops.
    public static final int RC_CONN_PROTO_VERSION_ERROR = 31001;
    public static final int RC_CONN_ID_REJECT = 31002;
    public static final int RC_CONN_TOKEN_INCORRECT = 31004;
    public static final int RC_CONN_APP_BLOCKED_OR_DELETED = 31008;
    public static final int RC_CONN_USER_BLOCKED = 31009;
    public static final int RC_DISCONN_KICK = 31010;
    public static final int RC_DISCONN_USER_BLOCKED = 31011;
    public static final int RC_CONNECT_TIMEOUT = 34006;

    // Call level.
    public static final int CLIENT_NOT_INIT = 33001;
    public static final int DATABASE_ERROR = 33002;
    public static final int INVALID_PARAMETER = 33003;
    public static final int RC_CONNECTION_EXIST = 33006;
    public static final int RC_CONNECTION_ALREADY_CONNECTED = 34001;
    public static final int SEND_MSG_FREQUENCY_OVERRUN = 20604;
    public static final int NOT_IN_GROUP = 22406;
    public static final int RECALL_NOT_OWN_MESSAGE = 25107;

    /** Codes after which the SDK stops reconnecting and tells the app. */
    public static boolean isTerminal(int code) {
        return switch (code) {
            case RC_CONN_PROTO_VERSION_ERROR, RC_CONN_ID_REJECT, RC_CONN_TOKEN_INCORRECT,
                    RC_CONN_APP_BLOCKED_OR_DELETED, RC_CONN_USER_BLOCKED, RC_DISCONN_KICK,
                    RC_DISCONN_USER_BLOCKED, RC_CONNECT_TIMEOUT -> true;
            default -> false;
        };
    }
}
