package dev.parley.server.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embedded database's write-ahead log back into the database file on its own
 * thread. SQLite's automatic checkpoint runs inside the commit that crosses the threshold,
 * i.e. on the message writer, whose every queued send then waits for a copy of a thousand
 * pages and the fsyncs around it (transactions of 0.27 s were seen under load). A node opens
 * its database with {@link Database#openEmbedded(java.nio.file.Path, boolean)} {@code true},
 * which turns the automatic checkpoint off, and runs this instead.
 *
 * <p>PASSIVE mode never blocks the writer or readers: it copies what no reader still needs.
 * But the log only starts over from its beginning when a checkpoint has copied all of it
 * before the next write, and under a steady stream of sends the writer always appends
 * during the copy: measured, the log grew to 3.3 GB in 80 s at 4,500 messages/s. A RESTART
 * checkpoint from this thread does not help: it waits for a moment without a writer, and a
 * busy writer starts its next transaction first. So once the log is longer than
 * {@code restartPages}, the writer itself calls {@link #restartIfDue()} between two batches:
 * it copies the frames appended since the last PASSIVE pass (that pass did the bulk) and
 * makes the next write start the log over, writing into the blocks the file already has.
 */
public final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    /** Frames written during a pass that are few enough for the writer to copy in a few milliseconds. */
    private static final long SMALL_REMAINDER = 512;
    private static final int MAX_CATCH_UP_PASSES = 4;

    private final DataSource dataSource;
    private final ScheduledExecutorService thread;
    private final Timer checkpoints;
    private final AtomicLong walPages = new AtomicLong();
    private final long restartPages;
    private final Timer restarts;
    private volatile boolean restartDue;
    // SQLite lets one connection checkpoint at a time and refuses the other at once (SQLITE_BUSY,
    // no busy handler): the writer's restart must not collide with a pass of this thread.
    private final ReentrantLock copying = new ReentrantLock();

    /**
     * Checkpoints every {@code periodMillis}; has the writer restart the log once it is over
     * 256 MiB of 4 KiB pages (under a minute at 1,000 msg/s: a restart is a pause of the writer).
     */
    public WalCheckpointer(Database database, long periodMillis, MeterRegistry metrics) {
        this(database, periodMillis, 65_536, metrics);
    }

    WalCheckpointer(Database database, long periodMillis, long restartPages, MeterRegistry metrics) {
        this.dataSource = database.dataSource();
        this.restartPages = restartPages;
        this.restarts = Timer.builder("parley.store.wal.restarts")
                .description("time the writer spent finishing a long write-ahead log").register(metrics);
        this.checkpoints = Timer.builder("parley.store.checkpoints")
                .description("time to copy the write-ahead log into the database file").register(metrics);
        Gauge.builder("parley.store.wal.pages", walPages, AtomicLong::get)
                .description("pages in the write-ahead log at the last checkpoint").register(metrics);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-checkpoint");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::runQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** One PASSIVE checkpoint; returns the log's size in pages and how many of them were copied. */
    public long[] checkpoint() throws SQLException {
        copying.lock();
        try {
            return pass();
        } finally {
            copying.unlock();
        }
    }

    private long[] pass() throws SQLException {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            long[] result = run(st, "PASSIVE");
            if (result[0] > restartPages) {
                // What the writer must copy while it pauses is what was written since the last
                // pass began: repeat the pass while that is large (each copies only the frames
                // written during the one before, so they shrink quickly).
                for (int pass = 0; pass < MAX_CATCH_UP_PASSES; pass++) {
                    long before = result[0];
                    result = run(st, "PASSIVE");
                    if (result[0] - before <= SMALL_REMAINDER) {
                        break;
                    }
                }
                restartDue = true;
            }
            walPages.set(result[0]);
            checkpoints.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        }
    }

    /**
     * For the database's busy writer, between two transactions: if the last pass found the log
     * long, copies the rest of it and makes the next write start it over. Cheap otherwise. While
     * a pass is running it does not wait: it stays due and the writer tries after its next batch.
     */
    public void restartIfDue() {
        if (!restartDue || !copying.tryLock()) {
            return;
        }
        try {
            restartDue = false;
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                run(st, "RESTART");
                restarts.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } catch (SQLException e) {
                log.warn("restarting the write-ahead log failed; the next pass tries again", e);
            }
        } finally {
            copying.unlock();
        }
    }

    private static long[] run(Statement st, String mode) throws SQLException {
        // The mode is one of our two constants, not input: PRAGMA takes no bind parameters.
        try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            return new long[] {rs.getLong(2), rs.getLong(3)};
        }
    }

    private void runQuietly() {
        try {
            checkpoint();
        } catch (SQLException | RuntimeException e) {
            log.warn("checkpoint of the write-ahead log failed; retrying in the next period", e);
        }
    }

    /** Stops the thread; a last checkpoint happens when the database closes. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
