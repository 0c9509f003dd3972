package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.store.AppRepository;
import dev.parley.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            String stored = new AppRepository(db).find(appKey).orElseThrow().appSecret();
            assertThat(stored).isNotEqualTo(secret.group(1));
            assertThat(reset.out()).contains(stored);
        }
    }

    @Test
    void badInputFailsWithAMessageAndNonZeroCode() {
        assertThat(run("app", "set-token-ttl", "--app-key", "nope", "--seconds", "5", "--data-dir", dir.toString())
                .code()).isNotZero();
        assertThat(run("app", "set-token-ttl", "--app-key", "x", "--seconds", "-1", "--data-dir", dir.toString())
                .code()).isNotZero();
        assertThat(run("app", "create", "--data-dir", dir.toString()).code()).isNotZero();
    }
}
