package dev.parley.bench.node;

import dev.parley.bench.measure.ServerProbe;

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

    /** Stops the node if the bench started it; leaves a remote node alone. */
    @Override
    void close();
}
