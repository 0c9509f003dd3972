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
 * After a complete checkpoint the next write starts the log over from its beginning, and
 * {@code journal_size_limit} truncates the file, so the log stays a few seconds of writes long.
 */
public final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final DataSource dataSource;
    private final ScheduledExecutorService thread;
    private final Timer checkpoints;
    private final AtomicLong walPages = new AtomicLong();

    public WalCheckpointer(Database database, long periodMillis, MeterRegistry metrics) {
        this.dataSource = database.dataSource();
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
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            long[] result = {rs.getLong(2), rs.getLong(3)};
            walPages.set(result[0]);
            checkpoints.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
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
