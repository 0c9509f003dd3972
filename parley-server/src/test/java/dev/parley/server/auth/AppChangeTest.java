package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.server.store.AppStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which reloads end an app's live sessions, and with which code. */
class AppChangeTest {
    private static App app(String secret, AppStatus status, long ttl) {
        return new App("k", secret, "n", ttl, status, new byte[0], 7, 5);
    }

    private static int codeFor(App before, App after) {
        var changes = AppChange.between(Map.of("k", before), after == null ? Map.of() : Map.of("k", after));
        return changes.isEmpty() ? 0 : changes.get(0).code();
    }

    @Test
    void blockingDeletingOrRemovingAnActiveAppEndsItsSessionsWith31008() {
        App active = app("s", AppStatus.ACTIVE, 0);
        assertThat(codeFor(active, app("s", AppStatus.BLOCKED, 0))).isEqualTo(ErrorCode.RC_CONN_APP_BLOCKED_OR_DELETED);
        assertThat(codeFor(active, app("s", AppStatus.DELETED, 0))).isEqualTo(ErrorCode.RC_CONN_APP_BLOCKED_OR_DELETED);
        assertThat(codeFor(active, null)).isEqualTo(ErrorCode.RC_CONN_APP_BLOCKED_OR_DELETED);
        assertThat(codeFor(active, app("new", AppStatus.BLOCKED, 0))).isEqualTo(ErrorCode.RC_CONN_APP_BLOCKED_OR_DELETED);
    }

    @Test
    void aNewSecretEndsTheAppsSessionsWith31004() {
        assertThat(codeFor(app("s", AppStatus.ACTIVE, 0), app("new", AppStatus.ACTIVE, 0)))
                .isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
    }

    @Test
    void otherSettingsAndAppsThatHadNoSessionsChangeNothing() {
        assertThat(codeFor(app("s", AppStatus.ACTIVE, 0), app("s", AppStatus.ACTIVE, 3600))).isZero();
        assertThat(codeFor(app("s", AppStatus.BLOCKED, 0), app("new", AppStatus.DELETED, 0))).isZero();
        assertThat(codeFor(app("s", AppStatus.BLOCKED, 0), app("s", AppStatus.ACTIVE, 0))).isZero();
    }
}
