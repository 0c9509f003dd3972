package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.auth.AppAdmin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App Secrets at rest in a data dir: sealed under a node key kept outside the database. */
class SecretsAtRestTest {
    @TempDir
    Path dir;

    @Test
    void theFirstOpenCreatesAnOwnerOnlyKeyAndTheDatabaseHoldsOnlySealedSecrets() throws Exception {
        String appKey;
        String secret;
        try (Database db = Database.openEmbedded(dir)) {
            AppAdmin admin = admin(SecretsAtRest.open(db, dir, Map.of()));
            var app = admin.create("Shop");
            appKey = app.appKey();
            secret = app.appSecret();
            String reset = admin.resetSecret(appKey);
            assertThat(stored(db, appKey)).startsWith("v1:").doesNotContain(reset);
            assertThat(admin.list()).singleElement().satisfies(a -> assertThat(a.appSecret()).isEqualTo(reset));
            secret = reset;
        }
        Path key = dir.resolve("secret.key");
        assertThat(Files.readAllBytes(key)).hasSize(32);
        assertThat(DataDirPermissionsTest.mode(key)).isEqualTo("rw-------");
        try (Database db = Database.openEmbedded(dir)) {
            assertThat(SecretsAtRest.open(db, dir, Map.of()).find(appKey).orElseThrow().appSecret()).isEqualTo(secret);
        }
        assertThat(rawBytes()).doesNotContain(secret);
    }

    @Test
    void aSealedDatabaseWhoseKeyIsMissingIsAnErrorAndGetsNoNewKey() throws IOException {
        try (Database db = Database.openEmbedded(dir)) {
            admin(SecretsAtRest.open(db, dir, Map.of())).create("Shop");
        }
        Files.delete(dir.resolve("secret.key"));
        try (Database db = Database.openEmbedded(dir)) {
            assertThatThrownBy(() -> SecretsAtRest.open(db, dir, Map.of())).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("the database in " + dir + " holds sealed App Secrets but their key "
                            + dir.resolve("secret.key") + " is missing");
        }
        assertThat(dir.resolve("secret.key")).doesNotExist();
    }

    @Test
    void aSealedDatabaseOpenedWithAnotherKeyIsAnError() throws IOException {
        try (Database db = Database.openEmbedded(dir)) {
            admin(SecretsAtRest.open(db, dir, Map.of())).create("Shop");
        }
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(dir.resolve("secret.key"), other);
        try (Database db = Database.openEmbedded(dir)) {
            assertThatThrownBy(() -> SecretsAtRest.open(db, dir, Map.of())).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("the App Secrets in " + dir + " do not open with the node key from "
                            + dir.resolve("secret.key") + ": wrong key");
            assertThatThrownBy(() -> SecretsAtRest.open(db, dir,
                    Map.of(NodeKey.ENV_KEY, Base64.getEncoder().encodeToString(new byte[16]))))
                    .hasMessageContaining("has 16 bytes, not 32");
        }
    }

    @Test
    void aKeyFromTheEnvironmentReplacesTheKeyFileForEveryNodeOfACluster() throws IOException {
        byte[] shared = new byte[32];
        new SecureRandom().nextBytes(shared);
        Map<String, String> env = Map.of(NodeKey.ENV_KEY, Base64.getEncoder().encodeToString(shared));
        String appKey;
        try (Database db = Database.openEmbedded(dir)) {
            appKey = admin(SecretsAtRest.open(db, dir, env)).create("Shop").appKey();
        }
        assertThat(dir.resolve("secret.key")).doesNotExist();
        Path keyFile = Files.write(dir.resolveSibling("mounted.key"), shared);
        try (Database db = Database.openEmbedded(dir)) {
            assertThat(SecretsAtRest.open(db, dir, env).find(appKey)).isPresent();
            assertThat(SecretsAtRest.open(db, dir, Map.of(NodeKey.ENV_KEY_FILE, keyFile.toString())).find(appKey))
                    .isPresent();
            assertThatThrownBy(() -> SecretsAtRest.open(db, dir, Map.of())).hasMessageContaining("is missing");
        }
    }

    @Test
    void aSealedSecretCopiedToAnotherAppsRowDoesNotOpen() throws SQLException {
        try (Database db = Database.openEmbedded(dir)) {
            AppRepository apps = SecretsAtRest.open(db, dir, Map.of());
            String a = admin(apps).create("A").appKey();
            String b = admin(apps).create("B").appKey();
            execute(db, "UPDATE apps SET app_secret = ? WHERE app_key = ?", stored(db, a), b);

            assertThatThrownBy(() -> apps.find(b)).isInstanceOf(SecretSealer.SealedSecretException.class)
                    .hasMessageContaining("app " + b).hasMessageContaining("does not open");
            assertThatThrownBy(() -> SecretsAtRest.open(db, dir, Map.of()))
                    .hasMessageStartingWith("1 of 2 App Secrets in " + dir + " (first: app " + b + ") do not open");
        }
    }

    @Test
    void plaintextSecretsOfAnEarlierVersionAreSealedOnceAndWipedFromTheFile() throws Exception {
        String secret = "PlainSecretOfAnOldVersion";
        try (Database db = Database.openEmbedded(dir)) {
            // As an earlier version stored it; then a settings change leaves a stale copy of the row in free space.
            execute(db, "INSERT INTO apps (app_key, app_secret, name, token_ttl_seconds, status, created_at, updated_at, "
                    + "retention_days, send_rate_limit) VALUES ('oldapp', ?, 'Old', 0, 0, 1, 1, 7, 5)", secret);
            execute(db, "UPDATE apps SET token_ttl_seconds = 3600, name = 'Old app' WHERE app_key = 'oldapp'");
            assertThat(SecretSealer.isSealed(stored(db, "oldapp"))).isFalse();
        }
        assertThat(rawBytes()).contains(secret);

        String sealed;
        try (Database db = Database.openEmbedded(dir)) {
            AppRepository apps = SecretsAtRest.open(db, dir, Map.of());
            sealed = stored(db, "oldapp");
            assertThat(sealed).startsWith("v1:");
            assertThat(apps.find("oldapp").orElseThrow().appSecret()).isEqualTo(secret);
            assertThat(rawBytes()).doesNotContain(secret);
        }
        try (Database db = Database.openEmbedded(dir)) {
            SecretsAtRest.open(db, dir, Map.of());
            assertThat(stored(db, "oldapp")).isEqualTo(sealed);
        }
    }

    @Test
    void aPlaintextSecretWrittenBehindTheNodesBackIsRefused() throws SQLException {
        try (Database db = Database.openEmbedded(dir)) {
            AppRepository apps = SecretsAtRest.open(db, dir, Map.of());
            String a = admin(apps).create("A").appKey();
            execute(db, "UPDATE apps SET app_secret = 'chosen-by-an-intruder' WHERE app_key = ?", a);
            assertThatThrownBy(() -> apps.find(a)).hasMessageContaining("not sealed");
        }
    }

    private static AppAdmin admin(AppRepository apps) {
        return new AppAdmin(apps, Clock.systemUTC(), () -> { });
    }

    /** parley.db and its log, as someone who copied the files would read them. */
    private String rawBytes() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : new String[] {"parley.db", "parley.db-wal"}) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    static String stored(Database db, String appKey) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT app_secret FROM apps WHERE app_key = ?")) {
            ps.setString(1, appKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static void execute(Database db, String sql, Object... args) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
