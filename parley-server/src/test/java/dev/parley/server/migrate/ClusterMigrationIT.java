package dev.parley.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.server.config.PostgresUrl;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.Database;
import dev.parley.server.store.InboxRow;
import dev.parley.server.store.NodeKey;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.SecretSealer;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.ClusterServices;
import dev.parley.server.support.ClusterServices.PostgresDatabase;
import dev.parley.server.support.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley migrate} on a data dir written by a real embedded node (two apps, users, a
 * block, groups, 1:1 and group messages, and a user whose entries retention deleted) into a
 * fresh PostgreSQL database: exact counts, every message readable through the cluster's
 * store at the same seqs, nothing copied twice, and refusals that write nothing.
 */
class ClusterMigrationIT {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    static Path dataDir;
    static String appKey;
    static String appSecret;
    static String secondKey;
    static String secondSecret;
    /** User → their inbox as the embedded node's store answers it. */
    static final Map<String, List<InboxRow>> inboxes = new LinkedHashMap<>();
    static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");

    @BeforeAll
    static void writeADataDirWithARealNode() throws Exception {
        try (TestNode node = TestNode.withoutSendLimit(dataDir)) {
            appKey = node.appKey();
            appSecret = node.appSecret();
            ApiClient api = node.api();
            USERS.forEach(node::token);
            AppRecord second = node.server().appAdmin().create("second");
            secondKey = second.appKey();
            secondSecret = second.appSecret();
            ApiClient secondApi = new ApiClient(node.naviUrl(), secondKey, secondSecret);
            secondApi.token("zed");
            secondApi.token("yuri");
            ok(api.post("/user/block.json", "userId", "carol", "minute", "10"));
            ok(api.post("/group/create.json", "groupId", "g1", "userId", "alice", "userId", "bob", "userId", "carol"));
            ok(api.post("/group/create.json", "groupId", "g2", "userId", "dave", "userId", "erin"));

            // Sent before `old`: purged below, so erin keeps only a head (seq 2).
            for (int i = 0; i < 2; i++) {
                ok(api.post("/message/private/publish.json", "fromUserId", "dave", "toUserId", "erin",
                        "objectName", "RC:TxtMsg", "content", "{\"content\":\"old " + i + "\"}"));
            }
            long old = System.currentTimeMillis();
            await().until(() -> System.currentTimeMillis() > old);
            for (int i = 0; i < 3; i++) {
                ok(api.post("/message/private/publish.json", "fromUserId", "alice", "toUserId", "bob",
                        "objectName", "RC:TxtMsg", "content", "{\"content\":\"hi " + i + "\"}",
                        "pushContent", "push " + i, "isIncludeSender", "1"));
            }
            for (int i = 0; i < 2; i++) {
                ok(api.post("/message/group/publish.json", "fromUserId", "alice", "toGroupId", "g1",
                        "objectName", "RC:TxtMsg", "content", "{\"content\":\"all " + i + "\"}"));
            }
            ok(secondApi.post("/message/private/publish.json", "fromUserId", "zed", "toUserId", "yuri",
                    "objectName", "RC:TxtMsg", "content", "{\"content\":\"other app\"}"));
            node.stop();
            try (RocksMessageStore store = RocksMessageStore.open(dataDir.resolve("messages"))) {
                assertThat(store.purge(appKey, old + 1)).as("the two old messages").isEqualTo(2);
                for (String user : List.of("alice", "bob", "carol", "dave", "erin")) {
                    inboxes.put(appKey + "/" + user, store.readInbox(appKey, user, 0, 100));
                }
                inboxes.put(secondKey + "/yuri", store.readInbox(secondKey, "yuri", 0, 100));
                assertThat(store.maxSeq(appKey, "erin")).isEqualTo(2);
            }
        }
    }

    private static void ok(ApiClient.Reply reply) {
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(200);
    }

    private static PostgresUrl url(PostgresDatabase db) {
        return PostgresUrl.parse(db.jdbcUrl(), db.user(), null);
    }

    @Test
    void copiesEveryRowWithExactCountsAndEveryMessageReadsTheSameInTheCluster() throws Exception {
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Migration.Result result = Migration.run(dataDir, url(pg), NO_ENV);

            Map<String, long[]> counts = counts(result.tally());
            assertThat(counts).containsEntry("apps", new long[] {2, 2, 0})
                    .containsEntry("users", new long[] {7, 7, 0})
                    .containsEntry("admin_accounts", new long[] {1, 1, 0})
                    .containsEntry("chat_groups", new long[] {2, 2, 0})
                    .containsEntry("group_members", new long[] {5, 5, 0})
                    // 3 alice→bob, 2 to g1, 1 in the second app; dave's 2 to erin were purged.
                    .containsEntry("messages", new long[] {6, 6, 0})
                    // alice 3 (her copies), bob 3 + 2, carol 2, yuri 1.
                    .containsEntry("inbox", new long[] {11, 11, 0})
                    // alice 3, bob 5, carol 2, yuri 1, and erin's 2 kept after her entries were purged.
                    .containsEntry("inbox_heads", new long[] {5, 5, 0});
            assertThat(result.tally().read()).isEqualTo(39);
            assertThat(result.tally().complete()).isTrue();
            assertThat(result.keyAdvice()).contains("PARLEY_SECRET_KEY", dataDir.resolve("secret.key").toString())
                    .doesNotContain(base64Key());

            try (Database cluster = Database.openPostgres(pg.jdbcUrl(), pg.user(), null)) {
                SqlMessageStore store = new SqlMessageStore(cluster);
                for (Map.Entry<String, List<InboxRow>> e : inboxes.entrySet()) {
                    String[] appAndUser = e.getKey().split("/");
                    assertThat(store.readInbox(appAndUser[0], appAndUser[1], 0, 100)).as(e.getKey())
                            .isEqualTo(e.getValue());
                    long last = e.getValue().isEmpty() ? 0 : e.getValue().get(e.getValue().size() - 1).seq();
                    assertThat(store.maxSeq(appAndUser[0], appAndUser[1])).as(e.getKey())
                            .isEqualTo(appAndUser[1].equals("erin") ? 2 : last);
                }
                assertThat(inboxes.get(appKey + "/bob")).extracting(InboxRow::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(inboxes.get(appKey + "/bob").get(0).message().pushContent()).isEqualTo("push 0");
                assertThat(query(cluster, "SELECT seq FROM inbox_heads WHERE user_id = 'bob'")).isEqualTo(5);
                assertThat(query(cluster, "SELECT blocked_until FROM users WHERE user_id = 'carol'"))
                        .as("the block is copied").isGreaterThan(System.currentTimeMillis());
                assertThat(query(cluster, "SELECT COUNT(*) FROM group_members WHERE group_id = 'g1'")).isEqualTo(3);
                // The cluster's nodes, given the data dir's key, open the copied secrets.
                SecretSealer key = new SecretSealer(Files.readAllBytes(dataDir.resolve("secret.key")));
                assertThat(key.open(appKey, text(cluster, "SELECT app_secret FROM apps WHERE app_key = '" + appKey
                        + "'"))).isEqualTo(appSecret);
            }
        }
    }

    @Test
    void aSecondRunCopiesNothingAndFindsEverythingPresent() {
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Tally first = Migration.run(dataDir, url(pg), NO_ENV).tally();
            Tally second = Migration.run(dataDir, url(pg), NO_ENV).tally();

            assertThat(second.copied()).isZero();
            assertThat(second.alreadyPresent()).isEqualTo(first.read()).isEqualTo(39);
            assertThat(second.complete()).isTrue();
            second.tables().forEach(t -> assertThat(t.alreadyPresent()).as(t.table()).isEqualTo(t.read()));
        }
    }

    @Test
    void refusesWhileANodeRunsOnTheDataDirAndWritesNothing(@TempDir Path other) throws Exception {
        try (TestNode running = new TestNode(other); PostgresDatabase pg = ClusterServices.freshDatabase()) {
            running.token("alice");
            assertThatThrownBy(() -> Migration.run(other, url(pg), NO_ENV))
                    .isInstanceOf(MigrationRefused.class)
                    .hasMessageContaining("a node is running on " + other);
            assertThat(tableCount(pg)).as("not even the schema").isZero();
        }
    }

    @Test
    void refusesAnAppOfTheSameKeyWithAnotherSecretAndWritesNothing() throws Exception {
        try (PostgresDatabase pg = ClusterServices.freshDatabase();
             Database cluster = Database.openPostgres(pg.jdbcUrl(), pg.user(), null)) {
            SecretSealer key = new SecretSealer(Files.readAllBytes(dataDir.resolve("secret.key")));
            insertApp(cluster, appKey, key.seal(appKey, "another secret"));

            assertThatThrownBy(() -> Migration.run(dataDir, url(pg), NO_ENV))
                    .isInstanceOf(MigrationRefused.class)
                    .hasMessageContaining("app " + appKey + " is in the cluster's database with a different App Secret");
            assertThat(query(cluster, "SELECT COUNT(*) FROM apps")).isEqualTo(1);
            assertThat(query(cluster, "SELECT COUNT(*) FROM users")).isZero();
            assertThat(query(cluster, "SELECT COUNT(*) FROM messages")).isZero();
        }
    }

    @Test
    void refusesAClusterWhoseSecretsAreSealedUnderAnotherKey() throws Exception {
        try (PostgresDatabase pg = ClusterServices.freshDatabase();
             Database cluster = Database.openPostgres(pg.jdbcUrl(), pg.user(), null)) {
            insertApp(cluster, "clusterapp", SecretSealer.withRandomKey().seal("clusterapp", "s3cret"));

            assertThatThrownBy(() -> Migration.run(dataDir, url(pg), NO_ENV))
                    .isInstanceOf(MigrationRefused.class)
                    .hasMessageContaining("sealed under another node key (app clusterapp)");
            assertThat(query(cluster, "SELECT COUNT(*) FROM users")).isZero();
        }
    }

    @Test
    void sealsTheSecretsAgainUnderTheClusterKeyGivenInTheEnvironment() throws Exception {
        byte[] clusterKey = new byte[32];
        new java.security.SecureRandom().nextBytes(clusterKey);
        String base64 = Base64.getEncoder().encodeToString(clusterKey);
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Migration.Result result = Migration.run(dataDir, url(pg), Map.of(NodeKey.ENV_KEY, base64));

            assertThat(result.tally().complete()).isTrue();
            assertThat(result.keyAdvice()).contains("sealed again under the key in PARLEY_SECRET_KEY")
                    .doesNotContain(base64).doesNotContain(base64Key());
            try (Database cluster = Database.openPostgres(pg.jdbcUrl(), pg.user(), null)) {
                SecretSealer key = new SecretSealer(clusterKey);
                assertThat(key.open(appKey, text(cluster, "SELECT app_secret FROM apps WHERE app_key = '" + appKey
                        + "'"))).isEqualTo(appSecret);
                assertThat(key.open(secondKey, text(cluster, "SELECT app_secret FROM apps WHERE app_key = '"
                        + secondKey + "'"))).isEqualTo(secondSecret);
            }
            // Run again with the same cluster key: the apps are present, the secrets the same.
            Tally again = Migration.run(dataDir, url(pg), Map.of(NodeKey.ENV_KEY, base64)).tally();
            assertThat(again.copied()).isZero();
            assertThat(again.complete()).isTrue();
        }
    }

    private static Map<String, long[]> counts(Tally tally) {
        Map<String, long[]> out = new LinkedHashMap<>();
        tally.tables().forEach(t -> out.put(t.table(), new long[] {t.read(), t.copied(), t.alreadyPresent()}));
        return out;
    }

    private static String base64Key() throws Exception {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(dataDir.resolve("secret.key")));
    }

    private static void insertApp(Database db, String key, String sealed) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO apps (app_key, app_secret, name, created_at, updated_at) VALUES ('" + key
                    + "', '" + sealed + "', 'in the cluster', 1, 1)");
        }
    }

    private static long query(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long tableCount(PostgresDatabase pg) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
