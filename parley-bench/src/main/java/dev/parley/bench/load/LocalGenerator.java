package dev.parley.bench.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A generator whose engines live in the bench's own JVM. */
public final class LocalGenerator implements Generator {
    private final EngineFleet fleet;

    public LocalGenerator(ConnectPlan plan) {
        this.fleet = EngineFleet.create(plan);
    }

    @Override
    public CompletableFuture<ConnectResult> connectAll() {
        CompletableFuture<ConnectResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(fleet.connectAll());
            } catch (InterruptedException e) {
                result.completeExceptionally(new CompletionException(e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "bench-connector");
        t.setDaemon(true);
        t.start();
        return result;
    }

    @Override
    public int connectedSoFar() {
        return fleet.connectedSoFar();
    }

    @Override
    public int failedSoFar() {
        return fleet.failedSoFar();
    }

    @Override
    public CompletableFuture<Integer> connectedNow() {
        return CompletableFuture.completedFuture(fleet.connectedNow());
    }

    @Override
    public List<Long> pids() {
        return List.of(ProcessHandle.current().pid());
    }

    @Override
    public void close() {
        fleet.close();
    }
}
