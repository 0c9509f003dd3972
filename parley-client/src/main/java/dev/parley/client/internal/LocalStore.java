package dev.parley.client.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * One user's local SQLite database, {@code <dataDir>/<appKey>/<userId>.db}: opening it,
 * bringing its schema up to date, and a small key-value table for sync state. Schema
 * versions are tracked in {@code PRAGMA user_version}; add a migration by appending to
 * {@link #MIGRATIONS}, never by editing one that has shipped.
 */
final class LocalStore implements AutoCloseable {
    /** Key of the highest inbox sequence this device has applied. */
    static final String LAST_SEQ = "last_seq";

    // Index i brings the schema from version i to version i + 1.
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));

    private final Path file;
    private final Connection db;

    private LocalStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating if needed) the database file and migrates it to the current schema. */
    static LocalStore open(Path file) throws IOException, SQLException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout = 5000");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = NORMAL");
            }
            migrate(db);
            return new LocalStore(file, db);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The schema version this code writes. */
    static int currentSchemaVersion() {
        return MIGRATIONS.size();
    }

    private static void migrate(Connection db) throws SQLException {
        int version;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("database schema " + version + " is newer than this SDK (" + MIGRATIONS.size() + ")");
        }
        if (version == MIGRATIONS.size()) {
            return;
        }
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            for (int v = version; v < MIGRATIONS.size(); v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    st.execute(sql);
                }
            }
            // PRAGMA takes no bind parameters; the value is our own integer.
            st.execute("PRAGMA user_version = " + MIGRATIONS.size());
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** The database file. */
    Path file() {
        return file;
    }

    /** The value stored under {@code key}, if any. */
    synchronized Optional<String> get(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    synchronized void put(String key, String value) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    /** Highest inbox sequence applied on this device; 0 before the first sync. */
    long lastSeq() throws SQLException {
        return get(LAST_SEQ).map(Long::parseLong).orElse(0L);
    }

    /** Records the highest inbox sequence applied on this device. */
    void setLastSeq(long seq) throws SQLException {
        put(LAST_SEQ, Long.toString(seq));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // Nothing useful to do: the handle is gone either way, and WAL recovers on next open.
            org.slf4j.LoggerFactory.getLogger(LocalStore.class).debug("Closing {} failed", file, e);
        }
    }
}
