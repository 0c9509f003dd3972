package dev.parley.server.store;

/** Whether an app may be used; stored as its ordinal-independent code. */
public enum AppStatus {
    ACTIVE(0), BLOCKED(1), DELETED(2);

    private final int code;

    AppStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AppStatus of(int code) {
        for (AppStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown app status " + code);
    }
}
