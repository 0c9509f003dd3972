package dev.parley.server.cluster;

import dev.parley.protocol.cluster.AppsChanged;
import dev.parley.protocol.cluster.Envelope;
import dev.parley.protocol.cluster.KickUser;
import dev.parley.protocol.cluster.NodeRecord;
import dev.parley.protocol.cluster.PeerMessage;
import dev.parley.protocol.cluster.RestrictionsChanged;
import dev.parley.server.config.ClusterSettings;
import dev.parley.server.gateway.SessionControl;
import dev.parley.server.gateway.SessionDirectory;
import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.messaging.Delivery;
import dev.parley.server.messaging.PeerDelivery;
import dev.parley.server.navi.GatewayDirectory;
import dev.parley.server.ops.ComponentHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in a cluster over Redis: its record in the {@link NodeRegistry}, its users'
 * presence, the bus to the other nodes, and what the node's gateway, delivery, Server API and
 * navigation use of them ({@link #sessionDirectory}, {@link #peers}, {@link #sessionControl},
 * {@link #navigation}). Built in two steps because the node's session registry and delivery
 * need the directory and the peers before they exist: {@link #connect}, then {@link #start}
 * once the ports are bound.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterSettings settings;
    private final RedisLink redis;
    private final ClusterKeys keys;
    private final NodeRegistry registry;
    private final ClusterPresence presence;
    private final ClusterBus bus;
    private final ClusterMetrics metrics;
    private final ClusterSessionDirectory directory;
    private final PeerNotifier peers;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("parley-cluster", true));
    private volatile SessionRegistry sessions;

    private ClusterNode(ClusterSettings settings, RedisLink redis, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.redis = redis;
        this.keys = new ClusterKeys(settings.keyPrefix());
        String incarnation = UUID.randomUUID().toString();
        this.registry = new NodeRegistry(redis, keys, clock, settings.nodeId(), incarnation);
        this.presence = new ClusterPresence(redis, keys, registry, clock);
        this.metrics = new ClusterMetrics(meters);
        this.bus = new ClusterBus(redis, keys, settings.nodeId(), incarnation, metrics);
        this.directory = new ClusterSessionDirectory(presence, bus, redis, settings.nodeId());
        this.peers = new PeerNotifier(presence, bus, redis, settings.nodeId(), metrics);
    }

    /**
     * Connects to Redis on {@code loops} (the node's own event loops, see {@link SharedEventLoops});
     * a Redis that cannot be reached stops the start with one clear error.
     */
    public static ClusterNode connect(ClusterSettings settings, EventLoopGroup loops, boolean loopsAreEpoll,
                                      int loopThreads, Clock clock, MeterRegistry meters) {
        RedisLink redis = new RedisLink(settings.redisUrl(), clock);
        redis.connect(loops, loopsAreEpoll, loopThreads);
        return new ClusterNode(settings, redis, clock, meters);
    }

    /** What the node's session registry consults and tells about other nodes' sessions. */
    public SessionDirectory sessionDirectory() {
        return directory;
    }

    /** What the node's delivery hands committed batches to, for recipients on other nodes. */
    public PeerDelivery peers() {
        return peers;
    }

    /** Presence and kicks for the Server API, over every node ({@code local} answers for this one). */
    public SessionControl sessionControl(SessionRegistry local) {
        return new ClusterSessionControl(local);
    }

    /** The gateways navigation hands out: the live nodes', least loaded first; {@code own} while Redis is away. */
    public GatewayDirectory navigation(GatewayDirectory own) {
        return new ClusterNavigation(registry, own);
    }

    /** The nodes of the registry's last snapshot (draining ones too): what navigation chooses from. */
    public List<NodeRecord> liveNodes() {
        return registry.liveNodes();
    }

    /** The {@code redis} component of {@code /health}. */
    public ComponentHealth health() {
        RedisHealth health = redis.health();
        return () -> {
            RedisHealth.Status s = health.status();
            return new ComponentHealth.State(s.up() ? ComponentHealth.Status.UP : ComponentHealth.Status.DOWN,
                    s.detail(), s.since());
        };
    }

    /** Marks this node draining (or not) in its record: navigation on every node stops naming it. */
    public void setDraining(boolean draining) {
        registry.setDraining(draining);
        thread.execute(this::refreshQuietly);
    }

    /**
     * Joins the cluster: listens on the bus, announces this node (its gateways, its live session
     * count) and keeps its record and its users' presence fresh.
     *
     * @param restrictionsChanged re-reads users' blocks and token revocations from the database: run
     *                            (on the cluster's thread) when another node blocked a user, so that
     *                            this node refuses their reconnect at once, not at its next poll
     * @param appsChanged         re-reads the apps from the database: run (on the cluster's thread)
     *                            when another node changed an app
     * @param tcp gateway addresses other nodes' navigation hands out for this node
     * @param ws  WebSocket gateway URLs likewise
     */
    public void start(SessionRegistry sessions, Delivery delivery, Runnable restrictionsChanged, Runnable appsChanged,
                      String httpUrl, List<String> tcp, List<String> ws) {
        this.sessions = sessions;
        bus.listen(envelope -> received(envelope, sessions, delivery, restrictionsChanged, appsChanged));
        registry.advertise(httpUrl, tcp, ws, sessions::size);
        redis.onReconnect(() -> thread.execute(this::reannounce));
        refreshQuietly();
        long refresh = NodeRegistry.REFRESH.toMillis();
        thread.scheduleWithFixedDelay(this::refreshQuietly, refresh, refresh, TimeUnit.MILLISECONDS);
        long touch = ClusterPresence.REFRESH.toMillis();
        thread.scheduleWithFixedDelay(this::touchPresence, touch, touch, TimeUnit.MILLISECONDS);
        log.info("node {} joined the cluster (Redis key prefix {}), advertising TCP {} and WebSocket {}",
                settings.nodeId(), settings.keyPrefix(), tcp, ws);
    }

    /**
     * Tells the other nodes that an app changed here, so that they re-read the apps within
     * milliseconds; their 2 s poll still catches a lost notification (or a change made by the CLI).
     */
    public void announceAppChange() {
        bus.toAll(bus.envelope().setAppsChanged(AppsChanged.getDefaultInstance()).build());
    }

    private void received(Envelope e, SessionRegistry sessions, Delivery delivery, Runnable restrictionsChanged,
                          Runnable appsChanged) {
        if (bus.isOwn(e)) {
            return;
        }
        switch (e.getBodyCase()) {
            case NOTIFICATIONS -> {
                for (PeerMessage m : e.getNotifications().getMessagesList()) {
                    delivery.deliverFromPeer(PeerMessages.message(m), PeerMessages.users(m), PeerMessages.seqs(m));
                }
            }
            case CLOSE_SESSION -> {
                var c = e.getCloseSession();
                sessions.find(c.getAppKey(), c.getUserId(), c.getSessionId()).ifPresent(s -> {
                    if (c.getSilent()) {
                        s.closeSilently();
                    } else {
                        log.info("{} kicked by a login on node {}", s, e.getFromNode());
                        s.kick(c.getCode(), c.getDetail());
                    }
                });
            }
            // Off the Lettuce thread, in the order received: each re-read reads the database.
            case KICK_USER -> {
                KickUser k = e.getKickUser();
                thread.execute(() -> {
                    reread("restrictions", restrictionsChanged, e);
                    sessions.kickUser(k.getAppKey(), k.getUserId(), k.getCode(), k.getDetail());
                });
            }
            case RESTRICTIONS_CHANGED -> thread.execute(() -> reread("restrictions", restrictionsChanged, e));
            case APPS_CHANGED -> thread.execute(() -> reread("apps", appsChanged, e));
            default -> log.debug("cluster message of an unknown kind from node {} ignored", e.getFromNode());
        }
    }

    /** Runs a re-read another node asked for; a failure waits for the next poll. */
    private static void reread(String what, Runnable reread, Envelope from) {
        try {
            reread.run();
        } catch (RuntimeException ex) {
            log.warn("{} not re-read after a change on node {}: {}", what, from.getFromNode(), ex.toString());
        }
    }

    private void refreshQuietly() {
        if (!redis.health().up()) {
            return;
        }
        try {
            registry.refresh();
        } catch (RuntimeException e) {
            log.debug("node record not refreshed: {}", e.toString());
        }
    }

    /**
     * Renews the presence of every session here (so that it outlives no node), writing it again
     * where Redis lost it without this node noticing (a failover to an empty replica).
     */
    private void touchPresence() {
        SessionRegistry local = sessions;
        if (local == null || !redis.health().up()) {
            return;
        }
        local.forEach(presence::announce);
    }

    /** After Redis came back (maybe empty): this node's record and every session's presence again. */
    private void reannounce() {
        refreshQuietly();
        SessionRegistry local = sessions;
        if (local == null) {
            return;
        }
        int[] count = new int[1];
        local.forEach(s -> {
            presence.announce(s);
            count[0]++;
        });
        log.info("presence of {} sessions re-announced to Redis", count[0]);
    }

    /** Leaves the cluster at once (navigation stops naming this node) and closes the Redis connections. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (redis.health().up()) {
            try {
                registry.remove();
            } catch (RuntimeException e) {
                log.debug("node record not removed: {}", e.toString());
            }
        }
        redis.close();
    }

    /** {@code checkOnline} and {@code user/block} over the whole cluster. */
    private final class ClusterSessionControl implements SessionControl {
        private final SessionRegistry local;

        ClusterSessionControl(SessionRegistry local) {
            this.local = local;
        }

        @Override
        public boolean isOnline(String appKey, String userId) {
            if (local.isOnline(appKey, userId)) {
                return true;
            }
            if (!redis.health().up()) {
                return false; // only this node can tell; /health says Redis is down
            }
            try {
                return !presence.lookup(appKey, userId).toCompletableFuture()
                        .get(RedisLink.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                log.debug("presence of {} not read: {}", userId, e.toString());
                return false;
            }
        }

        @Override
        public int kickUser(String appKey, String userId, int code, String detail) {
            int here = local.kickUser(appKey, userId, code, detail);
            bus.toAll(bus.envelope().setKickUser(KickUser.newBuilder().setAppKey(appKey).setUserId(userId)
                    .setCode(code).setDetail(detail)).build());
            return here;
        }

        @Override
        public void restrictionsChanged(String appKey) {
            bus.toAll(bus.envelope().setRestrictionsChanged(RestrictionsChanged.newBuilder().setAppKey(appKey)).build());
        }
    }
}
