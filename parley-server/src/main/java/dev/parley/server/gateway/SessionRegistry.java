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
    private final SessionDirectory directory;

    /** Outcome of registering: accepted, or refused with a code for the new connection. */
    public record Admission(boolean accepted, int code, String detail) {
        public static final Admission ACCEPTED = new Admission(true, ErrorCode.SUCCESS, "");
    }

    /** The embedded node's registry: every session of the cluster is here. */
    public SessionRegistry() {
        this(SessionDirectory.NONE);
    }

    /** A cluster node's registry: {@code directory} knows the sessions on the other nodes. */
    public SessionRegistry(SessionDirectory directory) {
        this.directory = directory;
    }

    /**
     * Admits a freshly authenticated session: asks the directory about other nodes (at once on
     * the embedded node), then {@link #register}s it and hands the outcome to {@code then} on
     * the session's event loop. A session whose connection closed meanwhile is dropped.
     */
    public void admit(Session session, boolean reconnect, boolean yieldOnReconnect,
                      java.util.function.Consumer<Admission> then) {
        if (directory == SessionDirectory.NONE) {
            then.accept(register(session, reconnect, yieldOnReconnect));
            return;
        }
        directory.admit(session, reconnect, yieldOnReconnect).whenComplete((verdict, error) ->
                session.channel().eventLoop().execute(() -> {
                    if (!session.channel().isActive()) {
                        return;
                    }
                    if (error == null && !verdict.accepted()) {
                        then.accept(verdict);
                        return;
                    }
                    if (error != null) {
                        log.debug("{}: other nodes not consulted ({}); admitted on this node's policy", session,
                                error.toString());
                    }
                    then.accept(register(session, reconnect, yieldOnReconnect));
                }));
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
        if (outcome[0].accepted()) {
            directory.registered(session);
        }
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
        boolean[] removed = new boolean[1];
        byUser.computeIfPresent(new UserKey(session.appKey(), session.userId()), (k, sessions) -> {
            if (sessions.get(session.platform()) != session) {
                return sessions;
            }
            count.decrementAndGet();
            removed[0] = true;
            Map<Platform, Session> map = new EnumMap<>(sessions);
            map.remove(session.platform());
            return map.isEmpty() ? null : map;
        });
        if (removed[0]) {
            directory.unregistered(session);
        }
    }

    /** The live session with this id of the user, if it is on this node. */
    public java.util.Optional<Session> find(String appKey, String userId, String sessionId) {
        return sessionsOf(appKey, userId).stream().filter(s -> s.id().equals(sessionId)).findFirst();
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
