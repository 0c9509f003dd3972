package dev.parley.server.cluster;

import dev.parley.protocol.cluster.Envelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The cluster's meters, {@code parley.cluster.*}: bus messages published and received by kind,
 * what was dropped and why, presence lookups, Redis up, live nodes.
 */
final class ClusterMetrics {
    private final MeterRegistry registry;

    ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void gauges(RedisHealth health, Supplier<Integer> liveNodes) {
        Gauge.builder("parley.cluster.redis.up", () -> health.up() ? 1 : 0)
                .description("1 while this node reaches Redis").register(registry);
        Gauge.builder("parley.cluster.nodes", () -> liveNodes.get())
                .description("live nodes in the registry as last read").register(registry);
    }

    void published(Envelope.BodyCase kind) {
        Counter.builder("parley.cluster.published").description("bus messages published by this node")
                .tag("kind", kind.name().toLowerCase()).register(registry).increment();
    }

    void received(Envelope.BodyCase kind) {
        Counter.builder("parley.cluster.received").description("bus messages received by this node")
                .tag("kind", kind.name().toLowerCase()).register(registry).increment();
    }

    void dropped(String reason) {
        Counter.builder("parley.cluster.dropped")
                .description("cross-node messages not sent or not handled (devices catch up by sync)")
                .tag("reason", reason).register(registry).increment();
    }

    void lookups(int users) {
        Counter.builder("parley.cluster.presence.lookups").description("presence lookups for cross-node delivery")
                .register(registry).increment(users);
    }
}
