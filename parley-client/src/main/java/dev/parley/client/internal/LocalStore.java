package dev.parley.client.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * One user's local SQLite database, {@code <dataDir>/<appKey>/<userId>.db}: opening it,
 * bringing its schema up to date, a small key-value table for sync state, and the lock and
 * transactions everyone using the connection goes through ({@link MessageStore} holds the
 * messaging SQL). Schema versions are tracked in {@code PRAGMA user_version}; add a migration
 * by appending to {@link #MIGRATIONS}, never by editing one that has shipped.
 *
 * <p>One JDBC connection per user serves the engine's actor and app threads reading
 * synchronously, so every use holds this object's monitor; a transaction holds it
 * throughout, so readers never see half of one.
 */
final class LocalStore implements AutoCloseable {
    /** Key of the highest inbox sequence this device has applied. */
    static final String LAST_SEQ = "last_seq";
    /** How long a statement waits for another connection's lock on the file. */
    static final int BUSY_TIMEOUT_MILLIS = 5000;

    // Index i brings the schema from version i to version i + 1.
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            List.of(
                    // AUTOINCREMENT: a local id is never reused, so an app caching ids cannot
                    // confuse a new message with a deleted one. client_msg_id is only set on the
                    // current user's own messages: other senders' ids need not be unique here.
                    """
                    CREATE TABLE messages (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      message_uid TEXT UNIQUE,
                      client_msg_id TEXT UNIQUE,
                      conversation_type INTEGER NOT NULL,
                      target_id TEXT NOT NULL,
                      sender_user_id TEXT NOT NULL,
                      object_name TEXT NOT NULL,
                      content TEXT NOT NULL,
                      sent_time INTEGER NOT NULL,
                      direction INTEGER NOT NULL,
                      sent_status INTEGER NOT NULL,
                      read INTEGER NOT NULL DEFAULT 0,
                      counted INTEGER NOT NULL DEFAULT 0,
                      mentioned TEXT)""",
                    "CREATE INDEX messages_by_conversation ON messages (conversation_type, target_id, sent_time, id)",
                    // Unread counting and read receipts touch only these rows.
                    "CREATE INDEX messages_unread ON messages (conversation_type, target_id, sent_time)"
                            + " WHERE direction = 2 AND read = 0",
                    "CREATE INDEX messages_sending ON messages (id) WHERE sent_status = 10",
                    """
                    CREATE TABLE conversations (
                      conversation_type INTEGER NOT NULL,
                      target_id TEXT NOT NULL,
                      latest_message_id INTEGER,
                      latest_time INTEGER NOT NULL DEFAULT 0,
                      unread_count INTEGER NOT NULL DEFAULT 0,
                      PRIMARY KEY (conversation_type, target_id))""",
                    "CREATE INDEX conversations_by_time ON conversations (latest_time)"));

    private final Path file;
    private final Connection db;
    // Commits of transaction(): tests count them to see that writes were grouped.
    private volatile long commits;

    private LocalStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating if needed) the database file and migrates it to the current schema. */
    static LocalStore open(Path file) throws IOException, SQLException {
        Path dir = file.toAbsolutePath().getParent();
        // createDirectories on an existing directory still tries mkdir and builds an exception.
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Properties props = new Properties();
        // The SDK reads last_insert_rowid() itself; with this on, the driver prepares, runs and
        // finalizes that query after every INSERT and UPDATE.
        props.setProperty("jdbc.get_generated_keys", "false");
        // Set by the driver through sqlite3_busy_timeout: no statement to prepare.
        props.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
        // The driver directly: DriverManager would walk its registered drivers (checking each
        // one's class loader) and log under a global lock on every open.
        Connection db = JDBC.createConnection(JDBC.PREFIX + file.toAbsolutePath(), props);
        try {
            try (Statement st = db.createStatement()) {
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

    /** Work on the connection, run under the store's lock. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection db) throws SQLException;
    }

    /** Runs {@code work} under the lock, in autocommit mode (each statement its own transaction). */
    synchronized <T> T locked(SqlWork<T> work) throws SQLException {
        return work.run(db);
    }

    /**
     * Runs {@code work} in one transaction under the lock: all of it is committed, or none.
     * Called inside another transaction, it simply joins it.
     */
    synchronized <T> T transaction(SqlWork<T> work) throws SQLException {
        if (!db.getAutoCommit()) {
            return work.run(db);
        }
        db.setAutoCommit(false);
        try {
            T result = work.run(db);
            db.commit();
            commits++;
            return result;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** How many transactions {@link #transaction} has committed since opening. */
    long commits() {
        return commits;
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

    /** Removes the value stored under {@code key}, if any. */
    synchronized void delete(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM meta WHERE key = ?")) {
            ps.setString(1, key);
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
