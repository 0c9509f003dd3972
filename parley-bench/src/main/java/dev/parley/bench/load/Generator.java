package dev.parley.bench.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Drives a share of a run's engines, in this JVM ({@link LocalGenerator}) or in a child JVM
 * ({@link ChildGenerator}) with its own file-descriptor budget.
 */
public interface Generator extends AutoCloseable {
    /** Starts connecting every engine; completes once each has an outcome. */
    CompletableFuture<ConnectResult> connectAll();

    /** Engines connected so far. */
    int connectedSoFar();

    /** Engines that failed so far. */
    int failedSoFar();

    /** Engines whose status is CONNECTED now. */
    CompletableFuture<Integer> connectedNow();

    /** Processes whose CPU time is this generator's. */
    List<Long> pids();

    /** Signs every engine out and releases it. */
    @Override
    void close();
}
