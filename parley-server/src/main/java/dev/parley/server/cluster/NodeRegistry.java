package dev.parley.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.protocol.cluster.NodeRecord;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's record in Redis (id, incarnation, addresses, live sessions, draining) with a TTL
 * that {@link #refresh} renews, and the records of the live nodes as last read: a node that
 * dies (or is cut off) drops out when its record expires, within {@link #TTL}. Refreshed on
 * the cluster's own thread; read from memory by navigation and presence.
 */
public final class NodeRegistry {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    // With a refresh every 2 s a dead node is gone from every snapshot within TTL + REFRESH = 9 s.
    static final Duration TTL = Duration.ofSeconds(7);
    static final Duration REFRESH = Duration.ofSeconds(2);

    /** The live nodes as last read from Redis, and when that was. */
    record Snapshot(List<NodeRecord> nodes, Map<String, String> incarnations, long readAtMillis) {
    }

    private final RedisLink redis;
    private final ClusterKeys keys;
    private final Clock clock;
    private final String nodeId;
    private final String incarnation;
    private volatile NodeRecord own;
    private volatile IntSupplier sessions = () -> 0;
    private volatile boolean draining;
    private volatile Snapshot live = new Snapshot(List.of(), Map.of(), 0);

    NodeRegistry(RedisLink redis, ClusterKeys keys, Clock clock, String nodeId, String incarnation) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
    }

    /** Sets what this node advertises; {@link #refresh} publishes it. */
    void advertise(String httpUrl, List<String> tcp, List<String> ws, IntSupplier liveSessions) {
        this.sessions = liveSessions;
        this.own = NodeRecord.newBuilder().setNodeId(nodeId).setIncarnation(incarnation).setHttpUrl(httpUrl)
                .addAllTcp(tcp).addAllWs(ws).build();
    }

    void setDraining(boolean draining) {
        this.draining = draining;
    }

    boolean draining() {
        return draining;
    }

    /**
     * Writes this node's record with a fresh TTL, then reads every live node's. Blocking:
     * only on the cluster's thread. A Redis error leaves the last snapshot as it was.
     */
    void refresh() {
        RedisCommands<String, byte[]> r = redis.sync();
        if (own != null) {
            NodeRecord record = own.toBuilder().setSessions(Math.max(0, sessions.getAsInt())).setDraining(draining)
                    .setUpdatedAt(clock.millis()).build();
            r.set(keys.node(nodeId), record.toByteArray(), SetArgs.Builder.px(TTL.toMillis()));
            r.sadd(keys.nodes(), nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        live = read(r);
    }

    private Snapshot read(RedisCommands<String, byte[]> r) {
        Set<byte[]> members = r.smembers(keys.nodes());
        List<String> ids = members.stream().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList();
        List<NodeRecord> nodes = new ArrayList<>();
        if (!ids.isEmpty()) {
            List<KeyValue<String, byte[]>> records = r.mget(ids.stream().map(keys::node).toArray(String[]::new));
            for (int i = 0; i < records.size(); i++) {
                KeyValue<String, byte[]> kv = records.get(i);
                if (!kv.hasValue()) {
                    // Its record expired: the node is gone. It adds itself back if it was only slow.
                    r.srem(keys.nodes(), ids.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    continue;
                }
                try {
                    nodes.add(NodeRecord.parseFrom(kv.getValue()));
                } catch (InvalidProtocolBufferException e) {
                    log.warn("unreadable record of node {} in Redis; ignored", ids.get(i));
                }
            }
        }
        nodes.sort(Comparator.comparing(NodeRecord::getNodeId));
        return new Snapshot(List.copyOf(nodes),
                nodes.stream().collect(Collectors.toUnmodifiableMap(NodeRecord::getNodeId, NodeRecord::getIncarnation,
                        (a, b) -> a)),
                clock.millis());
    }

    /** Takes this node's record out at once (a clean stop), so navigation stops handing it out. */
    void remove() {
        RedisCommands<String, byte[]> r = redis.sync();
        r.del(keys.node(nodeId));
        r.srem(keys.nodes(), nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The live nodes as last read (at most {@link #REFRESH} old while Redis answers). */
    public List<NodeRecord> liveNodes() {
        return live.nodes();
    }

    /** The last snapshot, or null if it is older than a record's TTL (Redis unreachable meanwhile). */
    Snapshot fresh() {
        Snapshot s = live;
        return clock.millis() - s.readAtMillis() <= TTL.toMillis() ? s : null;
    }

    String nodeId() {
        return nodeId;
    }

    String incarnation() {
        return incarnation;
    }
}
