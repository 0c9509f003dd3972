package dev.parley.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.cli.ParleyCli;
import dev.parley.server.store.Database;
import dev.parley.server.support.ClusterServices;
import dev.parley.server.support.ClusterServices.PostgresDatabase;
import dev.parley.server.support.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code parley migrate}'s options, output and exit codes. */
class MigrateCommandTest {
    @TempDir
    static Path dataDir;
    static String appKey;

    /** A data dir of a real node: the default app, its admin, alice and bob, one message from alice to bob. */
    @BeforeAll
    static void writeADataDir() {
        try (TestNode node = new TestNode(dataDir)) {
            appKey = node.appKey();
            node.token("alice");
            node.token("bob");
            assertThat(node.api().post("/message/private/publish.json", "fromUserId", "alice", "toUserId", "bob",
                    "objectName", "RC:TxtMsg", "content", "{\"content\":\"hi\"}").code()).isEqualTo(200);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        return run(new CommandLine(new MigrateCommand(env)), args);
    }

    private static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] target(PostgresDatabase pg, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"--data-dir", dataDir.toString(), "--postgres-url", pg.jdbcUrl(),
                "--postgres-user", pg.user()}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return args;
    }

    @Test
    void isASubcommandOfParleyAndListsItsOptions() {
        Run help = run(ParleyCli.commandLine(), "migrate", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--data-dir", "--postgres-url", "--postgres-user", "--postgres-password",
                "PARLEY_SECRET_KEY");
    }

    @Test
    void migratesPrintingCountsPerTableAndATotalThenASecondRunCopiesNothing() {
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Run first = run(Map.of(), target(pg));
            assertThat(first.code()).as(first.err()).isEqualTo(MigrateCommand.COMPLETE);
            assertThat(first.out()).containsPattern("apps\\s+1\\s+1\\s+0\\s+0")
                    .containsPattern("users\\s+2\\s+2\\s+0\\s+0")
                    .containsPattern("admin_accounts\\s+1\\s+1\\s+0\\s+0")
                    .containsPattern("messages\\s+1\\s+1\\s+0\\s+0")
                    .containsPattern("inbox\\s+1\\s+1\\s+0\\s+0")
                    .containsPattern("inbox_heads\\s+1\\s+1\\s+0\\s+0")
                    .containsPattern("total\\s+7\\s+7\\s+0\\s+0")
                    .contains("set PARLEY_SECRET_KEY on every node of the cluster", "Complete");

            Run second = run(Map.of(), target(pg));
            assertThat(second.code()).isEqualTo(MigrateCommand.COMPLETE);
            assertThat(second.out()).containsPattern("total\\s+7\\s+0\\s+7\\s+0")
                    .contains("(0 copied, 7 already present)");
        }
    }

    @Test
    void takesTheDatabaseFromTheEnvironmentWhenNoOptionGivesIt() {
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Run r = run(Map.of("PARLEY_POSTGRES_URL", pg.jdbcUrl(), "PARLEY_POSTGRES_USER", pg.user()),
                    "--data-dir", dataDir.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(MigrateCommand.COMPLETE);
            assertThat(r.out()).contains("into " + pg.jdbcUrl() + " as " + pg.user());
        }
    }

    @Test
    void withoutADatabaseItSaysWhatToGiveAndExits2() {
        Run r = run(Map.of(), "--data-dir", dataDir.toString());
        assertThat(r.code()).isEqualTo(MigrateCommand.BAD_OPTIONS);
        assertThat(r.err()).contains("a PostgreSQL URL is required");
    }

    @Test
    void aMalformedUrlExits2WithoutEchoingItsPassword() {
        Run r = run(Map.of(), "--data-dir", dataDir.toString(), "--postgres-url", "mysql://u:hunter2@db/parley");
        assertThat(r.code()).isEqualTo(MigrateCommand.BAD_OPTIONS);
        assertThat(r.err()).contains("expected postgresql://").doesNotContain("hunter2");
    }

    @Test
    void aDirThatIsNotAParleyDataDirIsRefusedWithExit1(@TempDir Path empty) {
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Run r = run(Map.of(), "--data-dir", empty.toString(), "--postgres-url", pg.jdbcUrl(),
                    "--postgres-user", pg.user());
            assertThat(r.code()).isEqualTo(MigrateCommand.REFUSED);
            assertThat(r.err()).contains("is not a Parley data dir", "Nothing was written.");
        }
    }

    @Test
    void aDataDirANodeIsRunningOnIsRefusedWithExit1(@TempDir Path busy) {
        try (TestNode running = new TestNode(busy); PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Run r = run(Map.of(), "--data-dir", busy.toString(), "--postgres-url", pg.jdbcUrl(), "--postgres-user",
                    pg.user());
            assertThat(r.code()).isEqualTo(MigrateCommand.REFUSED);
            assertThat(r.err()).contains("a node is running on " + busy, "stop it first", "Nothing was written.");
        }
    }

    @Test
    void anInboxSeqTheClusterGaveToAnotherMessageIsReportedMissingWithExit3() throws Exception {
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            try (Database cluster = Database.openPostgres(pg.jdbcUrl(), pg.user(), null);
                 Connection c = cluster.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO inbox (app_key, user_id, seq, message_uid, sent_time) VALUES ('" + appKey
                        + "', 'bob', 1, 'ANOTHER-MESSAGE', 1)");
            }
            Run r = run(Map.of(), target(pg));
            assertThat(r.code()).isEqualTo(MigrateCommand.INCOMPLETE);
            assertThat(r.out()).containsPattern("inbox\\s+1\\s+0\\s+0\\s+1")
                    .contains("holds message_uid ANOTHER-MESSAGE in the target", "Incomplete: 1 rows");
        }
    }

    @Test
    void aDataDirOfALaterVersionIsRefusedWithExit1(@TempDir Path later) throws Exception {
        new TestNode(later).close();
        sqlite(later, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'later', 'SQL', 'V99__later.sql',"
                + " 0, 'test', 0, 1)");
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Run r = run(Map.of(), "--data-dir", later.toString(), "--postgres-url", pg.jdbcUrl(), "--postgres-user",
                    pg.user());
            assertThat(r.code()).isEqualTo(MigrateCommand.REFUSED);
            assertThat(r.err()).contains("was written by a later version (schema 99)", "Nothing was written.");
        }
    }

    @Test
    void messagesAnEarlierVersionLeftInTheSqliteFileAreRefusedWithExit1(@TempDir Path earlier) throws Exception {
        new TestNode(earlier).close();
        sqlite(earlier, "INSERT INTO messages (app_key, message_uid, sender_id, client_msg_id, conversation_type,"
                + " target_id, conversation_key, object_name, content, flags, sent_time) VALUES ('k', 'u', 's', 'c', 1,"
                + " 't', 'ck', 'RC:TxtMsg', '{}', 0, 1)");
        try (PostgresDatabase pg = ClusterServices.freshDatabase()) {
            Run r = run(Map.of(), "--data-dir", earlier.toString(), "--postgres-url", pg.jdbcUrl(), "--postgres-user",
                    pg.user());
            assertThat(r.code()).isEqualTo(MigrateCommand.REFUSED);
            assertThat(r.err()).contains("still holds the messages of an earlier version",
                    "start this version's node on it once");
        }
    }

    private static void sqlite(Path dir, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
