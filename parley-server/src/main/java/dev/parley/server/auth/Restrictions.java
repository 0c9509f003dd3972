package dev.parley.server.auth;

import dev.parley.server.store.UserRecord;
import dev.parley.server.store.UserRepository;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token revocation times and block end times of users, cached so that verifying a token
 * needs no database read. Only users with a restriction on record take memory here.
 * Local writes update the cache at once; {@link #catchUp()} picks up writes made elsewhere
 * (the CLI, other nodes).
 */
public final class Restrictions {
    /** Re-read rows this much older than the last look, to absorb clock skew between writers. */
    private static final long OVERLAP_MILLIS = 10_000;

    private record Key(String appKey, String userId) {
    }

    private record State(long tokenInvalidBefore, long blockedUntil) {
    }

    private final UserRepository users;
    private final Clock clock;
    private final Map<Key, State> byUser = new ConcurrentHashMap<>();
    private volatile long lastLook;

    public Restrictions(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
        lastLook = clock.millis();
        users.findWithRestrictions().forEach(this::apply);
    }

    public long tokenInvalidBefore(String appKey, String userId) {
        State s = byUser.get(new Key(appKey, userId));
        return s == null ? 0 : s.tokenInvalidBefore;
    }

    public long blockedUntil(String appKey, String userId) {
        State s = byUser.get(new Key(appKey, userId));
        return s == null ? 0 : s.blockedUntil;
    }

    public boolean isBlocked(String appKey, String userId, long now) {
        return blockedUntil(appKey, userId) > now;
    }

    /** Takes a user's current row into the cache. */
    public void apply(UserRecord u) {
        Key key = new Key(u.appKey(), u.userId());
        if (u.tokenInvalidBefore() == 0 && u.blockedUntil() == 0) {
            byUser.remove(key);
        } else {
            byUser.put(key, new State(u.tokenInvalidBefore(), u.blockedUntil()));
        }
    }

    /** Reads rows changed since the last look (minus an overlap) into the cache. */
    public void catchUp() {
        long now = clock.millis();
        users.findChangedSince(lastLook - OVERLAP_MILLIS).forEach(this::apply);
        lastLook = now;
    }
}
