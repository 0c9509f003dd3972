package dev.parley.client.internal;

import java.util.List;

/**
 * Answer of the navigation service: where the gateways are, or why not. {@code code} is 200
 * on success, else a Parley status code (terminal ones end the connect, others are retried).
 */
record NaviResult(int code, String detail, String userId, List<String> tcp, List<String> ws, long heartbeatIntervalMs) {
    static final int OK = 200;

    static NaviResult failure(int code, String detail) {
        return new NaviResult(code, detail, null, List.of(), List.of(), 0);
    }

    boolean ok() {
        return code == OK;
    }
}
