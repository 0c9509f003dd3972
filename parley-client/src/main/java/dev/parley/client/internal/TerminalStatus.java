package dev.parley.client.internal;

import dev.parley.client.ConnectionStatus;
import dev.parley.protocol.ErrorCode;

/** Which {@link ConnectionStatus} a terminal code leaves the engine in (SPEC §3). */
final class TerminalStatus {
    private TerminalStatus() {
    }

    /**
     * The status after giving up with {@code code}. Refusals with no status of their own
     * (31001 protocol version, 31002 identity rejected, 31008 app blocked or deleted) become
     * {@link ConnectionStatus#UNCONNECTED}: not connected, not trying, nothing more specific.
     */
    static ConnectionStatus of(int code) {
        return switch (code) {
            case ErrorCode.RC_CONN_TOKEN_INCORRECT -> ConnectionStatus.TOKEN_INCORRECT;
            case ErrorCode.RC_CONN_USER_BLOCKED, ErrorCode.RC_DISCONN_USER_BLOCKED -> ConnectionStatus.CONN_USER_BLOCKED;
            case ErrorCode.RC_DISCONN_KICK -> ConnectionStatus.KICKED_OFFLINE_BY_OTHER_CLIENT;
            case ErrorCode.RC_CONNECT_TIMEOUT -> ConnectionStatus.TIMEOUT;
            default -> ConnectionStatus.UNCONNECTED;
        };
    }
}
