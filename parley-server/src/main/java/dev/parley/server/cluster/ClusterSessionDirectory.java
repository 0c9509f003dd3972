package dev.parley.server.cluster;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.cluster.CloseSession;
import dev.parley.protocol.cluster.PresenceEntry;
import dev.parley.server.gateway.Session;
import dev.parley.server.gateway.SessionDirectory;
import dev.parley.server.gateway.SessionRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-device policy across nodes (SPEC §5): a login displaces its user's device of the
 * same class wherever it is connected (kicked with 31010, or closed silently if it is the same
 * device coming back); a reconnecting device with kickReconnectDevice yields to another device
 * of its class online on another node. This node's own sessions are the registry's business.
 */
final class ClusterSessionDirectory implements SessionDirectory {
    private static final Logger log = LoggerFactory.getLogger(ClusterSessionDirectory.class);
    private static final SessionRegistry.Admission YIELDS = new SessionRegistry.Admission(false,
            ErrorCode.RC_DISCONN_KICK,
            "another device of this platform class is online and this device yields on reconnect");

    private final ClusterPresence presence;
    private final ClusterBus bus;
    private final RedisLink redis;
    private final String nodeId;

    ClusterSessionDirectory(ClusterPresence presence, ClusterBus bus, RedisLink redis, String nodeId) {
        this.presence = presence;
        this.bus = bus;
        this.redis = redis;
        this.nodeId = nodeId;
    }

    @Override
    public CompletionStage<SessionRegistry.Admission> admit(Session session, boolean reconnect,
                                                            boolean yieldOnReconnect) {
        // Only a yielding reconnect depends on the others: any other login displaces them, later.
        if (!(reconnect && yieldOnReconnect) || !redis.health().up()) {
            return CompletableFuture.completedFuture(SessionRegistry.Admission.ACCEPTED);
        }
        return presence.current(session).thenApply(online -> online != null
                && !online.getNodeId().equals(nodeId)
                && !online.getDeviceId().equals(session.deviceId())
                ? YIELDS : SessionRegistry.Admission.ACCEPTED);
    }

    @Override
    public void registered(Session session) {
        if (!redis.health().up()) {
            return; // announced when Redis is back (ClusterNode)
        }
        presence.claim(session).whenComplete((displaced, error) -> {
            if (error != null) {
                log.debug("{} not announced in presence: {}", session, error.toString());
                return;
            }
            if (displaced == null || displaced.getNodeId().equals(nodeId)
                    || displaced.getSessionId().equals(session.id())) {
                return; // nobody, or this node's own (the registry ended it)
            }
            boolean sameDevice = displaced.getDeviceId().equals(session.deviceId());
            log.info("{} displaces session {} on node {}{}", session, displaced.getSessionId(), displaced.getNodeId(),
                    sameDevice ? " (the same device, closed silently)" : "");
            bus.toNode(displaced.getNodeId(), bus.envelope().setCloseSession(close(session, displaced, sameDevice))
                    .build());
        });
    }

    private static CloseSession close(Session session, PresenceEntry displaced, boolean silent) {
        return CloseSession.newBuilder().setAppKey(session.appKey()).setUserId(session.userId())
                .setSessionId(displaced.getSessionId()).setSilent(silent).setCode(ErrorCode.RC_DISCONN_KICK)
                .setDetail("logged in on another device of the same platform class").build();
    }

    @Override
    public void unregistered(Session session) {
        if (redis.health().up()) {
            presence.release(session);
        }
    }
}
