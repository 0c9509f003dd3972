package dev.parley.server.auth;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import java.time.Clock;
import java.util.Optional;

/**
 * Decides whether a client may connect: protocol version, app, token, block. Shared by the
 * gateway handshake and navigation so both answer with the same code.
 */
public final class ConnectAuthenticator {
    private final AppRegistry apps;
    private final TokenService tokens;
    private final Restrictions restrictions;
    private final Clock clock;

    public ConnectAuthenticator(AppRegistry apps, TokenService tokens, Restrictions restrictions, Clock clock) {
        this.apps = apps;
        this.tokens = tokens;
        this.restrictions = restrictions;
        this.clock = clock;
    }

    /** Outcome: code 0 with the app and user, or a terminal code with a reason. */
    public record Result(int code, App app, String userId, String detail) {
        public boolean ok() {
            return code == ErrorCode.SUCCESS;
        }

        static Result refused(int code, String detail) {
            return new Result(code, null, null, detail);
        }
    }

    public Result authenticate(int protocolVersion, String appKey, String token) {
        if (protocolVersion != Protocol.VERSION) {
            return Result.refused(ErrorCode.RC_CONN_PROTO_VERSION_ERROR,
                    "protocol version " + protocolVersion + " not supported (server speaks " + Protocol.VERSION + ")");
        }
        Optional<App> found = apps.find(appKey);
        if (found.isEmpty()) {
            return Result.refused(ErrorCode.RC_CONN_ID_REJECT, "unknown App Key");
        }
        App app = found.get();
        if (!app.active()) {
            return Result.refused(ErrorCode.RC_CONN_APP_BLOCKED_OR_DELETED, "app is " + app.status().name().toLowerCase());
        }
        TokenService.Verification v = tokens.verify(app, token);
        if (!v.ok()) {
            return Result.refused(v.code(), v.detail());
        }
        if (restrictions.isBlocked(app.appKey(), v.userId(), clock.millis())) {
            return Result.refused(ErrorCode.RC_CONN_USER_BLOCKED, "user is blocked");
        }
        return new Result(ErrorCode.SUCCESS, app, v.userId(), "");
    }
}
