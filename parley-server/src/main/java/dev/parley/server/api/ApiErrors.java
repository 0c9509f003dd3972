package dev.parley.server.api;

/** Server API result codes (SPEC §6). */
public final class ApiErrors {
    private ApiErrors() {
    }

    public static final int OK = 200;
    public static final int INTERNAL = 1000;
    public static final int BAD_PARAMETER = 1002;
    public static final int UNAUTHORIZED = 1004;
    public static final int TOO_LONG = 1005;
    public static final int RATE_LIMITED = 1008;
}
