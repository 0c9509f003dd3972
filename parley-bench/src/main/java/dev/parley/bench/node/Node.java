package dev.parley.bench.node;

import dev.parley.bench.measure.ServerProbe;
import dev.parley.bench.measure.ServicesMeter;
import java.util.List;

/**
 * The Parley node a run targets: where clients navigate, the app credentials tokens are
 * fetched with, and what can be observed of the server process.
 */
public interface Node extends AutoCloseable {
    /** Base URL of the HTTP port: navigation and the Server API. */
    String naviUrl();

    String appKey();

    String appSecret();

    ServerProbe probe();

    /** How the node runs, for the report: in-process, server process, remote. */
    String mode();

    /** True when the node shares the generator's JVM, so their CPU and memory cannot be told apart. */
    boolean sharesGeneratorJvm();

    /**
     * Lifts the app's per-connection send rate limit (SPEC §7: 5 messages/s by default, 0 = no
     * limit), which any message load needs. Possible only on a node the bench started: it
     * writes the setting to the node's data dir, which the node re-reads every 2 s. A node at
     * {@code --url} must have it lifted by its operator ({@code parley app set-rate-limit
     * --app-key K --per-second 0 --data-dir D}); returns false then.
     */
    default boolean liftSendRateLimit() {
        return false;
    }

    /** Where {@link #liftSendRateLimit()} writes the setting, for the progress line and the report. */
    default String settingsStore() {
        return "the node's data dir";
    }

    /**
     * The nodes of the target, each with its own addresses: one for a single node (without a
     * known TCP gateway), several for a cluster the bench started. Scenarios pin clients to
     * members and read each member's {@code /metrics}.
     */
    default List<ClusterMember> members() {
        return List.of(new ClusterMember("node", naviUrl(), null));
    }

    /** Process ids of every server process of the target on this machine (empty if none is known). */
    default List<Long> serverPids() {
        return probe().pid().isPresent() ? List.of(probe().pid().getAsLong()) : List.of();
    }

    /** The storage services beside the nodes (a cluster's PostgreSQL and Redis), or none. */
    default ServicesMeter services() {
        return ServicesMeter.NONE;
    }

    /** Stops the node if the bench started it; leaves a remote node alone. */
    @Override
    void close();
}
