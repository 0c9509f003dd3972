package dev.parley.server.ops;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The "storage" component of {@code /health}: whether the node's database (SQLite, or
 * PostgreSQL in a cluster) answers a trivial query. The query runs on a thread of its own,
 * never on the event loop; its answer is reused for {@link #MAX_AGE}, so that load balancers
 * polling every node often cost the database almost nothing; a query with no answer within
 * {@link #TIMEOUT} (a database gone silent, a pool with no free connection) counts as DOWN.
 */
public final class StorageProbe implements ComponentHealth, AutoCloseable {
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Throws when the storage cannot be used. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    private final String what;
    private final Probe probe;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("parley-health", true));
    private State last;
    private boolean probed;
    private long lastAtNanos;
    private CompletableFuture<State> inFlight;
    private java.time.Instant inFlightSince;

    /**
     * @param what  what the storage is, for the detail ("PostgreSQL jdbc:postgresql://db/parley")
     * @param probe throws when the storage cannot be used
     */
    public StorageProbe(String what, Probe probe, Clock clock) {
        this.what = what;
        this.probe = probe;
        this.clock = clock;
        this.last = new State(Status.DOWN, what + ": not probed yet", clock.instant());
    }

    /** Probes {@code dataSource} with {@code SELECT 1}. */
    public static StorageProbe of(String what, DataSource dataSource) {
        return new StorageProbe(what, () -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) TIMEOUT.toSeconds());
                s.execute("SELECT 1");
            }
        }, Clock.systemUTC());
    }

    /** The last answer, however old; never blocks. */
    @Override
    public synchronized State check() {
        return last;
    }

    /** The last answer if younger than {@link #MAX_AGE}, else a fresh one (DOWN if none within {@link #TIMEOUT}). */
    @Override
    public synchronized CompletableFuture<State> checkAsync() {
        if (inFlight == null && probed && System.nanoTime() - lastAtNanos < MAX_AGE.toNanos()) {
            return CompletableFuture.completedFuture(last);
        }
        if (inFlight == null) {
            CompletableFuture<State> probing = CompletableFuture.supplyAsync(this::runProbe, thread);
            inFlight = probing;
            inFlightSince = clock.instant();
            probing.whenComplete((s, e) -> settle(probing, s));
        }
        // A copy: the shared probe keeps running past one caller's timeout, and ends the wait of later ones.
        return inFlight.copy().completeOnTimeout(
                new State(Status.DOWN, what + ": no answer within " + TIMEOUT.toMillis() + " ms", inFlightSince),
                TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private State runProbe() {
        try {
            probe.run();
            return state(Status.UP, what);
        } catch (Exception e) {
            return state(Status.DOWN, what + ": " + e.getMessage());
        }
    }

    private synchronized State state(Status status, String detail) {
        return new State(status, detail, probed && last.status() == status ? last.since() : clock.instant());
    }

    private synchronized void settle(CompletableFuture<State> probing, State result) {
        if (result != null) {
            last = result;
            probed = true;
            lastAtNanos = System.nanoTime();
        }
        if (inFlight == probing) {
            inFlight = null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
