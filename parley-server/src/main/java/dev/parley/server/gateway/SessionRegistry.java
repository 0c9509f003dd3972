package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Platform;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of this node, by user and platform class, and the multi-device policy
 * (SPEC §5): one device per class; a new login kicks the device already there with 31010;
 * a device coming back with its own device id replaces its stale session silently; with
 * kickReconnectDevice a reconnecting device yields to the one online instead.
 */
public final class SessionRegistry implements SessionControl {
    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private record UserKey(String appKey, String userId) {
    }

    private final Map<UserKey, Map<Platform, Session>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean draining;

    /** Outcome of registering: accepted, or refused with a code for the new connection. */
    public record Admission(boolean accepted, int code, String detail) {
        static final Admission ACCEPTED = new Admission(true, ErrorCode.SUCCESS, "");
    }

    /** A draining node sends new connections back to navigation, which names another node (SPEC §4). */
    static final Admission DRAINING = new Admission(false, ErrorCode.RC_CONN_REDIRECTED,
            "this node is draining: go back to navigation");

    /**
     * Starts or ends draining: while draining, {@link #register} refuses every new session with
     * 31006. Sessions already live stay until they are told to go ({@link SessionDrain}).
     */
    public void setDraining(boolean on) {
        draining = on;
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Registers a freshly authenticated session, applying the multi-device policy. A session
     * displaced here is kicked or closed outside the lock.
     */
    public Admission register(Session session, boolean reconnect, boolean yieldOnReconnect) {
        if (draining) {
            return DRAINING;
        }
        UserKey key = new UserKey(session.appKey(), session.userId());
        Session[] displaced = new Session[1];
        Admission[] outcome = new Admission[1];
        byUser.compute(key, (k, sessions) -> {
            // Copy on write: readers see a map that never changes under them.
            Map<Platform, Session> map = sessions == null ? new EnumMap<>(Platform.class) : new EnumMap<>(sessions);
            Session existing = map.get(session.platform());
            if (existing != null && existing.channel().isActive()
                    && !existing.deviceId().equals(session.deviceId())
                    && reconnect && yieldOnReconnect) {
                outcome[0] = new Admission(false, ErrorCode.RC_DISCONN_KICK,
                        "another device of this platform class is online and this device yields on reconnect");
                return sessions;
            }
            if (existing == null) {
                count.incrementAndGet();
            }
            displaced[0] = existing;
            map.put(session.platform(), session);
            outcome[0] = Admission.ACCEPTED;
            return map;
        });
        Session old = displaced[0];
        if (old != null) {
            if (old.deviceId().equals(session.deviceId())) {
                log.debug("{} replaces its own stale session {}", session, old.id());
                old.closeSilently();
            } else {
                log.info("{} kicked by a new login {}", old, session.id());
                old.kick(ErrorCode.RC_DISCONN_KICK, "logged in on another device of the same platform class");
            }
        }
        return outcome[0];
    }

    /** Removes the session if it is still the registered one for its user and class. */
    public void unregister(Session session) {
        byUser.computeIfPresent(new UserKey(session.appKey(), session.userId()), (k, sessions) -> {
            if (sessions.get(session.platform()) != session) {
                return sessions;
            }
            count.decrementAndGet();
            Map<Platform, Session> map = new EnumMap<>(sessions);
            map.remove(session.platform());
            return map.isEmpty() ? null : map;
        });
    }

    @Override
    public boolean isOnline(String appKey, String userId) {
        return byUser.containsKey(new UserKey(appKey, userId));
    }

    @Override
    public int kickUser(String appKey, String userId, int code, String detail) {
        List<Session> sessions = sessionsOf(appKey, userId);
        sessions.forEach(s -> s.kick(code, detail));
        return sessions.size();
    }

    /**
     * Ends every live session of the app with {@code code}: it was blocked, deleted, or its
     * secret reset. Returns how many there were.
     */
    public int kickApp(String appKey, int code, String detail) {
        List<Session> sessions = new java.util.ArrayList<>();
        byUser.forEach((key, map) -> {
            if (key.appKey().equals(appKey)) {
                sessions.addAll(map.values());
            }
        });
        sessions.forEach(s -> s.kick(code, detail));
        if (!sessions.isEmpty()) {
            log.info("{} live sessions of app {} ended with {}: {}", sessions.size(), appKey, code, detail);
        }
        return sessions.size();
    }

    public List<Session> sessionsOf(String appKey, String userId) {
        Map<Platform, Session> map = byUser.get(new UserKey(appKey, userId));
        return map == null ? List.of() : List.copyOf(map.values());
    }

    /** Visits every live session (a consistent view per user, not a snapshot of the node). */
    public void forEach(java.util.function.Consumer<Session> visitor) {
        byUser.values().forEach(sessions -> sessions.values().forEach(visitor));
    }

    /** Every live session now, in no particular order. */
    public List<Session> snapshot() {
        List<Session> all = new java.util.ArrayList<>(count.get());
        forEach(all::add);
        return all;
    }

    /** Live sessions on this node. */
    public int size() {
        return count.get();
    }
}
