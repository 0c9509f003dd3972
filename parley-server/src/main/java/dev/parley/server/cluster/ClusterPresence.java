package dev.parley.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.protocol.cluster.PresenceEntry;
import dev.parley.server.gateway.Session;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where each user's devices are connected, cluster-wide: a Redis hash per user from platform
 * class to {@link PresenceEntry} (node, incarnation, session, device). Written when a session
 * is admitted, removed when it ends (only if it is still that session's), the key's TTL renewed
 * by the nodes holding its sessions. An entry is believed only while its node runs the same
 * incarnation ({@link #isLive}): what a dead or restarted node left behind is ignored until
 * overwritten or expired. Every call here is asynchronous: the gateway asks from event loops.
 */
public final class ClusterPresence {
    static final Duration TTL = Duration.ofSeconds(60);
    static final Duration REFRESH = Duration.ofSeconds(20);
    /**
     * How long an entry of a node not (yet) in this node's snapshot counts as live: a node that
     * just started is seen by the others only at their next refresh ({@link NodeRegistry#REFRESH}).
     */
    static final Duration NEW_NODE_GRACE = Duration.ofSeconds(15);

    // Sets the field and renews the key's TTL; returns what the field held before.
    private static final String CLAIM = "local old = redis.call('HGET', KEYS[1], ARGV[1]) "
            + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return old";
    // Removes the field only if it still holds this session's entry (a newer one stays).
    private static final String RELEASE = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
            + "return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0";
    // Sets the field unless another entry is there (re-announcing after Redis came back).
    private static final String ANNOUNCE = "local set = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return set";

    private final RedisLink redis;
    private final ClusterKeys keys;
    private final NodeRegistry nodes;
    private final Clock clock;

    ClusterPresence(RedisLink redis, ClusterKeys keys, NodeRegistry nodes, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.nodes = nodes;
        this.clock = clock;
    }

    /** This node's entry for {@code session}: the same bytes every time (so that {@link #release} can compare). */
    PresenceEntry entryOf(Session session) {
        return PresenceEntry.newBuilder().setNodeId(nodes.nodeId()).setIncarnation(nodes.incarnation())
                .setSessionId(session.id()).setDeviceId(session.deviceId()).setConnectedAt(session.connectedAt())
                .build();
    }

    /** The user's live entries by platform class name ({@code MOBILE}, {@code DESKTOP}, {@code WEB}). */
    CompletionStage<Map<String, PresenceEntry>> lookup(String appKey, String userId) {
        return redis.async().hgetall(keys.presence(appKey, userId)).thenApply(fields -> {
            if (fields.isEmpty()) {
                return Map.<String, PresenceEntry>of();
            }
            Map<String, PresenceEntry> live = new LinkedHashMap<>();
            NodeRegistry.Snapshot snapshot = nodes.fresh();
            long now = clock.millis();
            fields.forEach((platform, bytes) -> {
                PresenceEntry e = parse(bytes);
                if (e != null && isLive(e, snapshot, nodes.nodeId(), nodes.incarnation(), now)) {
                    live.put(platform, e);
                }
            });
            return live;
        });
    }

    /** The live entry of the user's device of {@code session}'s platform class, or null. */
    CompletionStage<PresenceEntry> current(Session session) {
        return redis.async().hget(keys.presence(session.appKey(), session.userId()), session.platform().name())
                .thenApply(bytes -> {
                    PresenceEntry e = bytes == null ? null : parse(bytes);
                    return e != null && isLive(e, nodes.fresh(), nodes.nodeId(), nodes.incarnation(), clock.millis())
                            ? e : null;
                });
    }

    /** Makes {@code session} its user's device of its class; completes with the live entry it displaced, or null. */
    CompletionStage<PresenceEntry> claim(Session session) {
        CompletableFuture<PresenceEntry> done = new CompletableFuture<>();
        redis.async().<byte[]>eval(CLAIM, ScriptOutputType.VALUE,
                new String[] {keys.presence(session.appKey(), session.userId())},
                bytes(session.platform().name()), entryOf(session).toByteArray(), bytes(Long.toString(TTL.toMillis())))
                .whenComplete((old, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                        return;
                    }
                    PresenceEntry e = old == null ? null : parse(old);
                    done.complete(e != null && isLive(e, nodes.fresh(), nodes.nodeId(), nodes.incarnation(),
                            clock.millis()) ? e : null);
                });
        return done;
    }

    /** Removes {@code session}'s entry if it is still the one there. */
    CompletionStage<Long> release(Session session) {
        return redis.async().eval(RELEASE, ScriptOutputType.INTEGER,
                new String[] {keys.presence(session.appKey(), session.userId())},
                bytes(session.platform().name()), entryOf(session).toByteArray());
    }

    /** Writes {@code session}'s entry unless another is there (after Redis lost or forgot it). */
    CompletionStage<Long> announce(Session session) {
        return redis.async().eval(ANNOUNCE, ScriptOutputType.INTEGER,
                new String[] {keys.presence(session.appKey(), session.userId())},
                bytes(session.platform().name()), entryOf(session).toByteArray(), bytes(Long.toString(TTL.toMillis())));
    }

    /** Renews the TTL of the user's presence (this node holds one of their sessions). */
    CompletionStage<Boolean> touch(String appKey, String userId) {
        return redis.async().pexpire(keys.presence(appKey, userId), TTL.toMillis());
    }

    /**
     * Whether an entry is to be believed: this node's current incarnation, a live node's current
     * incarnation, or a node not in the snapshot (or no snapshot: Redis was away) that wrote it
     * less than {@link #NEW_NODE_GRACE} ago. Entries of a node known to run another incarnation
     * (it restarted) are dead.
     */
    static boolean isLive(PresenceEntry e, NodeRegistry.Snapshot snapshot, String ownNode, String ownIncarnation,
                          long nowMillis) {
        if (e.getNodeId().equals(ownNode)) {
            return e.getIncarnation().equals(ownIncarnation);
        }
        String running = snapshot == null ? null : snapshot.incarnations().get(e.getNodeId());
        if (running != null) {
            return running.equals(e.getIncarnation());
        }
        return nowMillis - e.getConnectedAt() < NEW_NODE_GRACE.toMillis();
    }

    static PresenceEntry parse(byte[] bytes) {
        try {
            return PresenceEntry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, PresenceEntry> none() {
        return Collections.emptyMap();
    }
}
