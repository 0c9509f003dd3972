package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why: apps, users (their blocks and token revocations) and groups live in the SQLite file; what a Server API call
 * answered for must survive a power cut as acknowledged messages do, unless the operator chose otherwise.
 */
class DatabaseDurabilityTest {
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    @TempDir
    Path dir;

    @Test
    void byDefaultEveryCommitOfTheSqliteFileIsFsynced() throws SQLException {
        try (Database db = Database.openEmbedded(dir)) {
            assertThat(synchronous(db)).isEqualTo(FULL);
        }
        try (Database db = Database.openEmbedded(dir, true)) {
            assertThat(synchronous(db)).isEqualTo(FULL);
        }
    }

    @Test
    void atOsDurabilityCommitsAreLeftToTheOperatingSystem() throws SQLException {
        try (Database db = Database.openEmbedded(dir, true, Durability.OS)) {
            assertThat(synchronous(db)).isEqualTo(NORMAL);
        }
        try (Database db = Database.openEmbedded(dir, true, Durability.FSYNC)) {
            assertThat(synchronous(db)).isEqualTo(FULL);
        }
    }

    /** The pragma of a pooled connection (every connection of the pool is opened with the same settings). */
    private static int synchronous(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
