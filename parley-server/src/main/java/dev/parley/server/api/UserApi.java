package dev.parley.server.api;

import dev.parley.protocol.ErrorCode;
import dev.parley.server.auth.Restrictions;
import dev.parley.server.auth.TokenService;
import dev.parley.server.gateway.SessionControl;
import dev.parley.server.store.UserRecord;
import dev.parley.server.store.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code /user/...} endpoints: registration and tokens, presence, blocking. */
public final class UserApi {
    static final int MAX_USERS_PER_CALL = 20;
    static final long MAX_BLOCK_MINUTES = 43_200;
    private static final DateTimeFormatter BLOCK_END =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final UserRepository users;
    private final TokenService tokens;
    private final Restrictions restrictions;
    private final SessionControl sessions;
    private final Clock clock;

    public UserApi(UserRepository users, TokenService tokens, Restrictions restrictions, SessionControl sessions,
                   Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.restrictions = restrictions;
        this.sessions = sessions;
        this.clock = clock;
    }

    public void registerOn(ApiDispatcher api) {
        api.register("/user/getToken.json", this::getToken)
           .register("/user/refresh.json", this::refresh)
           .register("/user/token/expire.json", this::expireTokens)
           .register("/user/checkOnline.json", this::checkOnline)
           .register("/user/block.json", this::block)
           .register("/user/unblock.json", this::unblock)
           .register("/user/block/query.json", this::queryBlocked);
    }

    Map<String, Object> getToken(ApiRequest r) {
        String userId = r.userId("userId");
        users.upsertProfile(r.app().appKey(), userId, r.optional("name", 128), r.optional("portraitUri", 1024),
                clock.millis());
        return Map.of("userId", userId, "token", tokens.issue(r.app(), userId));
    }

    Map<String, Object> refresh(ApiRequest r) {
        String userId = r.userId("userId");
        users.upsertProfile(r.app().appKey(), userId, r.optional("name", 128), r.optional("portraitUri", 1024),
                clock.millis());
        return Map.of();
    }

    Map<String, Object> expireTokens(ApiRequest r) {
        List<String> ids = r.userIds("userId", MAX_USERS_PER_CALL);
        long time = r.requiredLong("time", 0, Long.MAX_VALUE / 2);
        users.setTokenInvalidBefore(r.app().appKey(), ids, time, clock.millis());
        refreshCache(r, ids);
        return Map.of();
    }

    Map<String, Object> checkOnline(ApiRequest r) {
        String userId = r.userId("userId");
        return Map.of("status", sessions.isOnline(r.app().appKey(), userId) ? "1" : "0");
    }

    Map<String, Object> block(ApiRequest r) {
        List<String> ids = r.userIds("userId", MAX_USERS_PER_CALL);
        long minutes = r.requiredLong("minute", 1, MAX_BLOCK_MINUTES);
        users.setBlockedUntil(r.app().appKey(), ids, clock.millis() + minutes * 60_000, clock.millis());
        refreshCache(r, ids);
        for (String id : ids) {
            sessions.kickUser(r.app().appKey(), id, ErrorCode.RC_DISCONN_USER_BLOCKED,
                    "blocked for " + minutes + " minutes");
        }
        return Map.of();
    }

    Map<String, Object> unblock(ApiRequest r) {
        List<String> ids = r.userIds("userId", MAX_USERS_PER_CALL);
        users.setBlockedUntil(r.app().appKey(), ids, 0, clock.millis());
        refreshCache(r, ids);
        return Map.of();
    }

    Map<String, Object> queryBlocked(ApiRequest r) {
        List<Map<String, Object>> list = users.findBlocked(r.app().appKey(), clock.millis()).stream()
                .map(UserApi::blockEntry).toList();
        return Map.of("users", list);
    }

    private static Map<String, Object> blockEntry(UserRecord u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", u.userId());
        m.put("id", u.userId()); // the field name RongCloud's Java server SDK reads
        m.put("blockEndTime", BLOCK_END.format(Instant.ofEpochMilli(u.blockedUntil())));
        return m;
    }

    private void refreshCache(ApiRequest r, List<String> ids) {
        for (String id : ids) {
            users.find(r.app().appKey(), id).ifPresent(restrictions::apply);
        }
        sessions.restrictionsChanged(r.app().appKey());
    }
}
