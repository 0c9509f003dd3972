package dev.parley.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The node's relational store: an embedded SQLite file by default, PostgreSQL in cluster
 * mode. Both get the same schema from the Flyway migrations in {@code db/migration}.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens (creating if needed) {@code <dataDir>/parley.db} and migrates it; SQLite checkpoints by itself. */
    public static Database openEmbedded(Path dataDir) {
        return openEmbedded(dataDir, false);
    }

    /**
     * Opens (creating if needed) {@code <dataDir>/parley.db} and migrates it.
     *
     * @param backgroundCheckpoints true when the caller runs a {@link WalCheckpointer}: commits
     *        then never copy the log into the database file themselves
     */
    public static Database openEmbedded(Path dataDir, boolean backgroundCheckpoints) {
        return openEmbedded(dataDir, backgroundCheckpoints, Durability.FSYNC);
    }

    /**
     * As above; {@code durability} says whether each commit is fsynced (apps, users and their
     * blocks and revocations, groups: what a Server API call answered for, and what an
     * acknowledged group message was fanned out by) or left to the operating system.
     */
    public static Database openEmbedded(Path dataDir, boolean backgroundCheckpoints, Durability durability) {
        DataDirPermissions.secure(dataDir, "parley.db"); // owner-only; SQLite's -wal and -shm copy parley.db's mode
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath());
        // WAL lets readers proceed beside the single writer; the busy timeout rides out the CLI
        // writing beside a node. In WAL mode FULL fsyncs the log at every commit (survives a power
        // cut); NORMAL only at checkpoints (survives a process crash, not a power cut).
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", durability == Durability.FSYNC ? "FULL" : "NORMAL");
        cfg.addDataSourceProperty("busy_timeout", "10000");
        cfg.addDataSourceProperty("foreign_keys", "true");
        // 64 MiB of page cache per connection (negative = KiB): index pages of the inbox and
        // message tables stay in memory instead of being re-read on every insert.
        cfg.addDataSourceProperty("cache_size", "-65536");
        // Nothing here reads generated keys; with this on, the driver prepares, runs and
        // finalizes "SELECT last_insert_rowid()" after every INSERT (a third of a write's cost).
        cfg.addDataSourceProperty("jdbc.get_generated_keys", "false");
        if (backgroundCheckpoints) {
            cfg.addDataSourceProperty("wal_autocheckpoint", "0");
            // A restarted log is cut back only past this size, above the 256 MiB at which the
            // writer restarts it: cutting it to 64 MiB made every restart free the file's blocks
            // and every commit after it allocate them again, and commits stalled on that (p99 of
            // 1:1 messages at 2,000/s: 62-84 ms with the cut, 5.5 ms without).
            cfg.addDataSourceProperty("journal_size_limit", Long.toString(512L << 20));
        }
        cfg.setMaximumPoolSize(4);
        cfg.setPoolName("parley-sqlite");
        return migrate(new HikariDataSource(cfg));
    }

    /** Connects to a shared PostgreSQL database (cluster mode) and migrates it. */
    public static Database openPostgres(String jdbcUrl, String user, String password) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        // An unreachable database fails a send within seconds instead of holding it (and the
        // writer's whole queue) until the operating system gives up on the connection: a free
        // connection is waited for 3 s, a new one connects within 2 s and logs in within 5 s,
        // and a statement on a connection that went silent fails after 30 s.
        cfg.setConnectionTimeout(3_000);
        cfg.setValidationTimeout(2_000);
        cfg.addDataSourceProperty("connectTimeout", "2");
        cfg.addDataSourceProperty("loginTimeout", "5");
        cfg.addDataSourceProperty("socketTimeout", "30");
        cfg.addDataSourceProperty("tcpKeepAlive", "true");
        cfg.setMaximumPoolSize(16);
        // Connections open as load asks for them: several nodes share the server's connection limit.
        cfg.setMinimumIdle(2);
        cfg.setPoolName("parley-postgres");
        return migrate(new HikariDataSource(cfg));
    }

    private static Database migrate(HikariDataSource ds) {
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            return new Database(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
