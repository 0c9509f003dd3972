package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalCheckpointerTest {
    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    @Test
    void commitsLeaveTheLogToTheCheckpointerWhichEmptiesIt() throws Exception {
        try (Database db = Database.openEmbedded(dir, true);
             WalCheckpointer checkpointer = new WalCheckpointer(db, HOUR, new SimpleMeterRegistry())) {
            writePages(db, 3000);

            long[] first = checkpointer.checkpoint();
            // SQLite's own checkpoint would have copied the log back at 1,000 pages.
            assertThat(first[0]).isGreaterThan(3000);
            assertThat(first[1]).isEqualTo(first[0]);

            writePages(db, 10);
            long[] next = checkpointer.checkpoint();
            assertThat(next[0]).as("the log starts over after a complete checkpoint").isLessThan(100);
            assertThat(next[1]).isEqualTo(next[0]);
            assertThat(Files.size(dir.resolve("parley.db-wal"))).isLessThanOrEqualTo(512L << 20);
        }
    }

    @Test
    void theLogStaysShortWhileTheWriterNeverStops() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // A pass every 5 ms: the node's 250 ms, scaled to this short write.
        try (Database db = Database.openEmbedded(dir, true);
             WalCheckpointer checkpointer = new WalCheckpointer(db, 5, 2_000, metrics)) {
            writePages(db, 1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    writePages(db, 30_000, 10, checkpointer::restartIfDue);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Gauge logPages = metrics.get("parley.store.wal.pages").gauge();
            long longest = 0;
            while (!writer.isDone()) {
                longest = Math.max(longest, (long) logPages.value());
                // Sampling the log's size as each pass leaves it, not waiting for anything.
                LockSupport.parkNanos(1_000_000);
            }
            writer.join();
            assertThat(metrics.get("parley.store.checkpoints").timer().count()).isGreaterThan(2);
            assertThat(metrics.get("parley.store.wal.restarts").timer().count()).as("restarts by the writer")
                    .isPositive();
            // Without the writer's restarts the log holds every page written since it started.
            assertThat(longest).isLessThan(15_000);
        }
    }

    @Test
    void withoutTheCheckpointerSqliteCheckpointsByItself() throws Exception {
        try (Database db = Database.openEmbedded(dir);
             WalCheckpointer probe = new WalCheckpointer(db, HOUR, new SimpleMeterRegistry())) {
            writePages(db, 3000);
            assertThat(probe.checkpoint()[0]).isLessThan(1500);
        }
    }

    private static void writePages(Database db, int pages) throws SQLException {
        writePages(db, pages, 100, () -> { });
    }

    /** About {@code pages} pages of new rows, {@code perTransaction} rows per transaction. */
    private static void writePages(Database db, int pages, int perTransaction, Runnable betweenTransactions)
            throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS filler (x BLOB)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO filler (x) VALUES (randomblob(3500))")) {
                for (int i = 1; i <= pages; i++) {
                    ps.executeUpdate();
                    if (i % perTransaction == 0 || i == pages) {
                        c.commit();
                        betweenTransactions.run();
                    }
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
