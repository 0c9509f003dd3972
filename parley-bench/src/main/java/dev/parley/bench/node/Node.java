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

    /** Stops the node if the bench started it; leaves a remote node alone. */
    @Override
    void close();
}
