package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFileWithTheCurrentSchemaInWalMode() throws Exception {
        Path file = dir.resolve("app").resolve("u1.db");
        try (LocalStore store = LocalStore.open(file)) {
            assertThat(store.lastSeq()).isZero();
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement()) {
            assertThat(single(st, "PRAGMA user_version")).isEqualTo(String.valueOf(LocalStore.currentSchemaVersion()));
            assertThat(single(st, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void keepsValuesAcrossReopening() throws Exception {
        Path file = dir.resolve("u2.db");
        try (LocalStore store = LocalStore.open(file)) {
            store.setLastSeq(41);
            store.setLastSeq(42);
            store.put("k", "v");
        }
        try (LocalStore store = LocalStore.open(file)) {
            assertThat(store.lastSeq()).isEqualTo(42);
            assertThat(store.get("k")).contains("v");
            assertThat(store.get("missing")).isEmpty();
        }
    }

    @Test
    void migratesAVersion1DatabaseKeepingItsCursor() throws Exception {
        Path file = dir.resolve("u4.db");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement()) {
            st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("INSERT INTO meta VALUES ('last_seq', '42')");
            st.execute("PRAGMA user_version = 1");
        }
        try (LocalStore store = LocalStore.open(file)) {
            assertThat(store.lastSeq()).isEqualTo(42);
            assertThat(new MessageStore(store).conversations()).isEmpty();
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement()) {
            assertThat(single(st, "PRAGMA user_version")).isEqualTo(String.valueOf(LocalStore.currentSchemaVersion()));
        }
    }

    @Test
    void theConnectionWaitsForLocksAndSyncsAtWalCheckpointsOnly() throws Exception {
        try (LocalStore store = LocalStore.open(dir.resolve("app").resolve("u5.db"))) {
            store.locked(db -> {
                try (Statement st = db.createStatement()) {
                    assertThat(single(st, "PRAGMA busy_timeout")).isEqualTo(String.valueOf(LocalStore.BUSY_TIMEOUT_MILLIS));
                    assertThat(single(st, "PRAGMA synchronous")).isEqualTo("1"); // NORMAL
                    assertThat(single(st, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
                }
                return null;
            });
        }
    }

    @Test
    void opensInADirectoryThatAlreadyExists() throws Exception {
        try (LocalStore first = LocalStore.open(dir.resolve("app").resolve("a.db"));
             LocalStore second = LocalStore.open(dir.resolve("app").resolve("b.db"))) {
            assertThat(first.lastSeq()).isZero();
            assertThat(second.lastSeq()).isZero();
        }
    }

    @Test
    void refusesADatabaseFromANewerSdk() throws Exception {
        Path file = dir.resolve("u3.db");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement()) {
            st.execute("PRAGMA user_version = 999");
        }
        assertThatThrownBy(() -> LocalStore.open(file)).isInstanceOf(SQLException.class).hasMessageContaining("newer");
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
