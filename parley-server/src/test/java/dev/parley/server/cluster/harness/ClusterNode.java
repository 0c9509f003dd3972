package dev.parley.server.cluster.harness;

/**
 * One node of a test {@link Cluster}: in its own process (so kill -9 and SIGTERM are real) or
 * in the test's JVM (cheaper, for tests that fault the services rather than the node).
 */
public interface ClusterNode extends AutoCloseable {
    /** Its {@code --node-id}. */
    String id();

    int httpPort();

    int tcpPort();

    /** {@code http://127.0.0.1:<httpPort>}: Server API, {@code /navi.json}, {@code /health}. */
    default String baseUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    /** The gateway address navigation hands out for this node. */
    default String tcpAddress() {
        return "127.0.0.1:" + tcpPort();
    }

    /** Starts it (again, on the same ports and node id); returns once {@code /health} answers 200. */
    void start();

    /** Starts it without waiting for it to serve, so that several nodes boot side by side; see {@link #awaitServing}. */
    default void launch() {
        start();
    }

    /** After {@link #launch}: returns once {@code /health} answers 200. */
    default void awaitServing() {
    }

    /** Its data dir (a cluster node keeps little there: the first node's initial credentials). */
    java.nio.file.Path dataDir();

    /** The end of its log, for a failure message; empty when its log is the test's own output. */
    default String logTail(int lines) {
        return "";
    }

    /** Gone at once, as kill -9 does: no drain, no goodbye to clients or to the cluster. */
    void kill();

    /** Stopped politely, as SIGTERM does: drains (31006 to every session), then exits; returns once it has. */
    void terminate();

    boolean alive();

    default NodeHealth health() {
        return NodeHealth.of(baseUrl());
    }

    @Override
    void close();
}
