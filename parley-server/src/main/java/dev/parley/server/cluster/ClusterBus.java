package dev.parley.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.protocol.cluster.Envelope;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis pub/sub between the nodes: each listens on its own channel ({@code <prefix>:node:<id>})
 * and the broadcast channel. Fire and forget: a message published while Redis or the target
 * is away is lost, which the protocol allows (devices sync; kicks are repeated by the policy
 * on the next login). Received envelopes are handed to the handler on a Lettuce (event loop)
 * thread, in the order published by each sender; the handler must not block.
 */
final class ClusterBus {
    private static final Logger log = LoggerFactory.getLogger(ClusterBus.class);

    private final RedisLink redis;
    private final ClusterKeys keys;
    private final String nodeId;
    private final String incarnation;
    private final ClusterMetrics metrics;

    ClusterBus(RedisLink redis, ClusterKeys keys, String nodeId, String incarnation, ClusterMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.metrics = metrics;
    }

    /** Subscribes this node's and the broadcast channel (Lettuce subscribes again after a reconnect). */
    void listen(Consumer<Envelope> handler) {
        redis.pubSub().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                Envelope envelope;
                try {
                    envelope = Envelope.parseFrom(message);
                } catch (InvalidProtocolBufferException e) {
                    metrics.dropped("unreadable");
                    log.warn("unreadable message on {} ({} bytes); dropped", channel, message.length);
                    return;
                }
                metrics.received(envelope.getBodyCase());
                try {
                    handler.accept(envelope);
                } catch (RuntimeException e) {
                    log.warn("cluster message from node {} failed", envelope.getFromNode(), e);
                }
            }
        });
        redis.pubSub().sync().subscribe(keys.channel(nodeId), keys.broadcast());
    }

    /** A new envelope from this node. */
    Envelope.Builder envelope() {
        return Envelope.newBuilder().setFromNode(nodeId).setFromIncarnation(incarnation);
    }

    /** Whether the envelope is this very node's own (broadcasts come back to their sender). */
    boolean isOwn(Envelope e) {
        return e.getFromNode().equals(nodeId) && e.getFromIncarnation().equals(incarnation);
    }

    void toNode(String targetNode, Envelope envelope) {
        publish(keys.channel(targetNode), envelope);
    }

    void toAll(Envelope envelope) {
        publish(keys.broadcast(), envelope);
    }

    private void publish(String channel, Envelope envelope) {
        if (!redis.health().up()) {
            metrics.dropped("redis-down");
            return;
        }
        redis.async().publish(channel, envelope.toByteArray()).whenComplete((receivers, error) -> {
            if (error != null) {
                metrics.dropped("publish-failed");
            } else {
                metrics.published(envelope.getBodyCase());
            }
        });
    }
}
