package dev.parley.server.migrate;

import dev.parley.server.store.Durability;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An embedded node's data dir, opened to be copied: its message store (RocksDB, opened for
 * writing so that it holds RocksDB's lock: no node can start on the dir while it is copied,
 * and a node running on it makes the open fail) and its SQLite file, read-only. Refuses, before
 * anything is read, a dir that is not a Parley data dir, one a node is running on, one
 * written by a later version, and one whose messages an earlier version left in the SQLite file.
 */
final class EmbeddedDataDir implements AutoCloseable {
    static final String DATABASE = "parley.db";
    static final String MESSAGES = "messages";

    private final Path dir;
    private final RocksMessageStore messages;
    private final SQLiteDataSource sqlite;

    private EmbeddedDataDir(Path dir, RocksMessageStore messages, SQLiteDataSource sqlite) {
        this.dir = dir;
        this.messages = messages;
        this.sqlite = sqlite;
    }

    /** Opens {@code dir}; refuses with the reason and what to do when it cannot be copied. */
    static EmbeddedDataDir open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MigrationRefused(dir + " is not a directory: give the data dir of an embedded node (--data-dir)");
        }
        Path database = dir.resolve(DATABASE);
        Path store = dir.resolve(MESSAGES);
        if (!Files.isRegularFile(database)) {
            throw new MigrationRefused(dir + " is not a Parley data dir: it has no " + DATABASE);
        }
        if (!Files.isRegularFile(store.resolve("CURRENT"))) {
            throw new MigrationRefused(dir + " has no message store (" + MESSAGES + "/): a data dir of an earlier"
                    + " version keeps messages in " + DATABASE + "; start this version's node on it once"
                    + " (parley serve --data-dir " + dir + "), stop it, then migrate");
        }
        RocksMessageStore rocks;
        try {
            rocks = RocksMessageStore.open(store, Durability.OS);
        } catch (StoreException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            if (why != null && why.toLowerCase(Locale.ROOT).contains("lock")) {
                throw new MigrationRefused("a node is running on " + dir + " (its message store is locked): stop it"
                        + " first, so that nothing is written while the data dir is copied", e);
            }
            throw new MigrationRefused("cannot open the message store in " + store + ": " + why, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + database.toAbsolutePath());
        EmbeddedDataDir opened = new EmbeddedDataDir(dir, rocks, sqlite);
        try {
            opened.checkSchema();
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Not a later version's schema, and no messages left in the SQLite file by an earlier
     * version. An earlier schema is fine: its tables are copied column by column into the
     * target's, which checks that it has every column ({@link SqliteTableCopy#plan}); the columns
     * later migrations added take their defaults, as they would on the node's next start.
     */
    private void checkSchema() {
        MigrationInfo[] all;
        try {
            all = Flyway.configure().dataSource(sqlite).locations("classpath:db/migration").load().info().all();
        } catch (RuntimeException e) {
            throw new MigrationRefused(dir.resolve(DATABASE) + " cannot be read as a Parley database: " + e.getMessage(), e);
        }
        for (MigrationInfo m : all) {
            if (m.getState() == MigrationState.FUTURE_SUCCESS) {
                throw new MigrationRefused(dir.resolve(DATABASE) + " was written by a later version (schema "
                        + m.getVersion() + "): migrate it with that version");
            }
        }
        try (Connection c = sqlite(); Statement s = c.createStatement()) {
            for (String table : new String[] {"messages", "inbox"}) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
                    if (rs.next()) {
                        throw new MigrationRefused(dir.resolve(DATABASE) + " still holds the messages of an earlier"
                                + " version: start this version's node on it once (it moves them into " + MESSAGES
                                + "/), stop it, then migrate");
                    }
                }
            }
        } catch (SQLException e) {
            throw new MigrationRefused("cannot read " + dir.resolve(DATABASE) + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    RocksMessageStore messages() {
        return messages;
    }

    /** A new read-only connection to the SQLite file; the caller closes it. */
    Connection sqlite() throws SQLException {
        return sqlite.getConnection();
    }

    @Override
    public void close() {
        messages.close();
    }
}
