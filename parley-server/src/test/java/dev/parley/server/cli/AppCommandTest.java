package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.store.Database;
import dev.parley.server.store.SecretsAtRest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.parley.server.support.ClusterServices;
import dev.parley.server.support.ClusterTestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AppCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = ParleyCli.commandLine().execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void createListTtlAndResetSecret() {
        Run created = run("app", "create", "--name", "Shop", "--data-dir", dir.toString());
        assertThat(created.code()).isZero();
        Matcher key = Pattern.compile("App Key:\\s+(\\S+)").matcher(created.out());
        Matcher secret = Pattern.compile("App Secret:\\s+(\\S+)").matcher(created.out());
        assertThat(key.find()).isTrue();
        assertThat(secret.find()).isTrue();
        String appKey = key.group(1);

        Run list = run("app", "list", "--data-dir", dir.toString());
        assertThat(list.out()).contains(appKey, "Shop", "never expires").doesNotContain(secret.group(1));

        assertThat(run("app", "set-token-ttl", "--app-key", appKey, "--seconds", "3600", "--data-dir", dir.toString())
                .code()).isZero();
        assertThat(run("app", "list", "--data-dir", dir.toString()).out()).contains("3600 s");

        assertThat(run("app", "set-retention", "--app-key", appKey, "--days", "3", "--data-dir", dir.toString()).code())
                .isZero();
        assertThat(run("app", "set-rate-limit", "--app-key", appKey, "--per-second", "0", "--data-dir", dir.toString())
                .code()).isZero();
        assertThat(run("app", "list", "--data-dir", dir.toString()).out()).contains("3 d", "no limit");
        assertThat(run("app", "set-retention", "--app-key", appKey, "--days", "8", "--data-dir", dir.toString()).code())
                .isNotZero();

        Run reset = run("app", "reset-secret", "--app-key", appKey, "--data-dir", dir.toString());
        assertThat(reset.code()).isZero();
        try (Database db = Database.openEmbedded(dir)) {
            String stored = SecretsAtRest.open(db, dir, Map.of()).find(appKey).orElseThrow().appSecret();
            assertThat(stored).isNotEqualTo(secret.group(1));
            assertThat(reset.out()).contains(stored);
        }
    }

    @Test
    void createAndResetSecretStoreOnlySealedSecretsAndLeaveTheDataDirOwnerOnly() throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run created = run("app", "create", "--name", "Shop", "--data-dir", dir.toString());
        Matcher key = Pattern.compile("App Key:\\s+(\\S+)").matcher(created.out());
        Matcher secret = Pattern.compile("App Secret:\\s+(\\S+)").matcher(created.out());
        assertThat(key.find() && secret.find()).isTrue();
        Run reset = run("app", "reset-secret", "--app-key", key.group(1), "--data-dir", dir.toString());
        Matcher newSecret = Pattern.compile("New App Secret:\\s+(\\S+)").matcher(reset.out());
        assertThat(newSecret.find()).isTrue();
        assertThat(run("app", "list", "--data-dir", dir.toString()).code()).isZero();

        String raw = new String(Files.readAllBytes(dir.resolve("parley.db")), StandardCharsets.ISO_8859_1)
                + (Files.exists(dir.resolve("parley.db-wal"))
                        ? new String(Files.readAllBytes(dir.resolve("parley.db-wal")), StandardCharsets.ISO_8859_1) : "");
        assertThat(raw).doesNotContain(secret.group(1)).doesNotContain(newSecret.group(1));
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> !p.equals(dir))).isNotEmpty().allSatisfy(p -> assertThat(
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void aWrongNodeKeyIsOneClearErrorLine() throws Exception {
        assertThat(run("app", "create", "--name", "Shop", "--data-dir", dir.toString()).code()).isZero();
        Files.write(dir.resolve("secret.key"), new byte[32]);
        StringWriter err = new StringWriter();
        CommandLine cli = ParleyCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("app", "list", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: the App Secrets in " + dir + " do not open").hasLineCount(1);
    }

    @Test
    void badInputFailsWithAMessageAndNonZeroCode() {
        assertThat(run("app", "set-token-ttl", "--app-key", "nope", "--seconds", "5", "--data-dir", dir.toString())
                .code()).isNotZero();
        assertThat(run("app", "set-token-ttl", "--app-key", "x", "--seconds", "-1", "--data-dir", dir.toString())
                .code()).isNotZero();
        assertThat(run("app", "create", "--data-dir", dir.toString()).code()).isNotZero();
    }

    private Run run(Map<String, String> env, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        StringWriter err = new StringWriter();
        try {
            CommandLine cli = ParleyCli.commandLine(env);
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8) + err);
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void withAPostgresUrlItManagesTheClustersAppsWhichItsNodesThenServe() {
        try (ClusterServices.PostgresDatabase db = ClusterServices.freshDatabase()) {
            Map<String, String> env = new java.util.HashMap<>(ClusterTestNode.freshKey());
            env.put("PARLEY_POSTGRES_URL", db.jdbcUrl());
            env.put("PARLEY_POSTGRES_USER", db.user());

            Run created = run(env, "app", "create", "--name", "Cluster shop", "--data-dir", dir.resolve("cli").toString());
            assertThat(created.code()).as(created.out()).isZero();
            Matcher key = Pattern.compile("App Key:\\s+(\\S+)").matcher(created.out());
            Matcher secret = Pattern.compile("App Secret:\\s+(\\S+)").matcher(created.out());
            assertThat(key.find() && secret.find()).isTrue();
            assertThat(run(env, "app", "set-rate-limit", "--app-key", key.group(1), "--per-second", "0").code()).isZero();
            assertThat(run(env, "app", "list").out()).contains(key.group(1), "Cluster shop", "no limit");

            try (ClusterTestNode node = ClusterTestNode.start(ClusterTestNode.config(dir.resolve("node"), db,
                    ClusterServices.freshKeyPrefix(), "node-1"), env)) {
                assertThat(node.server().apps().find(key.group(1)).orElseThrow().sendRateLimit()).isZero();
                // Sealed under the cluster's key: the node opens the secret and checks signatures with it.
                assertThat(node.api(key.group(1), secret.group(1)).token("cli-user")).isNotBlank();
            }
        }
    }

    @Test
    void aClustersAppsWithoutTheClustersKeyIsOneClearErrorLine() {
        try (ClusterServices.PostgresDatabase db = ClusterServices.freshDatabase()) {
            Run refused = run(Map.of(), "app", "create", "--name", "x", "--postgres-url", db.jdbcUrl(),
                    "--postgres-user", db.user(), "--data-dir", dir.toString());

            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.out()).contains("error: a cluster's apps need the cluster's key in PARLEY_SECRET_KEY");
        }
    }
}
