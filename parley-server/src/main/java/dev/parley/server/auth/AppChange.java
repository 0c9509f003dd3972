package dev.parley.server.auth;

import dev.parley.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A change to an app that its live sessions must not outlast, with the code they end with:
 * blocked, deleted or gone → 31008 (as a new connect would be refused); secret reset →
 * 31004 (every token of the app died with the old secret). Token revocation of single users
 * is not one: SPEC §2 keeps their live connections up.
 */
public record AppChange(String appKey, int code, String detail) {

    /** The changes from {@code before} to {@code after} (apps by key), at most one per app. */
    static List<AppChange> between(Map<String, App> before, Map<String, App> after) {
        List<AppChange> changes = new ArrayList<>();
        before.forEach((key, was) -> {
            App now = after.get(key);
            if (!was.active()) {
                return;
            }
            if (now == null || !now.active()) {
                String status = now == null ? "deleted" : now.status().name().toLowerCase();
                changes.add(new AppChange(key, ErrorCode.RC_CONN_APP_BLOCKED_OR_DELETED, "app is " + status));
            } else if (!now.secret().equals(was.secret())) {
                changes.add(new AppChange(key, ErrorCode.RC_CONN_TOKEN_INCORRECT,
                        "the app's secret was reset: every token of the app is void"));
            }
        });
        return changes;
    }
}
