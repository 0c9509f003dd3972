package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.server.cli.ParleyCli;
import dev.parley.server.store.DataDirPermissions;
import dev.parley.server.store.Database;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * What someone who can read the node's machine but is not its user gets from the data dir
 * (nothing: owner-only), and what a copy of the database file gives (no App Secret).
 */
class DataDirSecurityIT {
    @TempDir
    Path dir;

    @Test
    void afterAFirstStartTheDataDirAndEveryFileInItAreOwnerOnly() throws IOException {
        Path data = dir.resolve("data");
        try (TestNode node = new TestNode(data)) {
            node.token("alice"); // a write, so SQLite's log and shared-memory files exist

            assertThat(data.resolve("parley.db")).exists();
            assertThat(data.resolve("parley.db-wal")).exists();
            assertThat(data.resolve("parley.db-shm")).exists();
            assertThat(data.resolve("secret.key")).exists();
            assertThat(data.resolve("initial-credentials.json")).exists();
            assertThat(data.resolve("messages").resolve("CURRENT")).exists();
            assertThat(notOwnerOnly(data)).isEmpty();
        }
    }

    @Test
    void aLooseDataDirFromAnEarlierVersionIsTightenedOnStartWithOneLogLine() throws IOException {
        Path data = dir.resolve("data");
        try (TestNode node = new TestNode(data)) {
            node.stop();
            int files;
            try (Stream<Path> all = Files.walk(data)) {
                files = (int) all.filter(Files::isRegularFile).count();
            }
            loosen(data);
            ListAppender<ILoggingEvent> log = capture();
            try {
                node.restart();
            } finally {
                ((Logger) LoggerFactory.getLogger(DataDirPermissions.class)).detachAppender(log);
            }
            assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .startsWith("tightened permissions of " + data + " (0755 -> 0700) and " + files + " files (-> 0600)"
                            + " and 1 directory inside (-> 0700)");
            assertThat(notOwnerOnly(data)).isEmpty();
            assertThat(node.api().post("/user/getToken.json", "userId", "bob").code()).isEqualTo(200);
        }
    }

    @Test
    void theDatabaseFilesDoNotHoldTheAppSecret() throws IOException {
        Path data = dir.resolve("data");
        try (TestNode node = new TestNode(data)) {
            node.token("alice");
            assertThat(raw(data)).doesNotContain(node.appSecret());
            node.stop();
            assertThat(raw(data)).doesNotContain(node.appSecret());
        }
    }

    @Test
    void aPlaintextSecretOfAnEarlierVersionIsSealedOnStartAndTheAppStillAuthenticates() throws Exception {
        Path data = dir.resolve("data");
        try (TestNode node = new TestNode(data)) {
            node.stop();
            asAnEarlierVersionStoredIt(data, node.appKey(), node.appSecret());
            assertThat(raw(data)).contains(node.appSecret());

            node.restart();

            assertThat(storedSecret(data, node.appKey())).startsWith("v1:");
            assertThat(raw(data)).doesNotContain(node.appSecret());
            ApiClient.Reply reply = node.api().post("/user/getToken.json", "userId", "alice", "name", "Alice");
            assertThat(reply.code()).isEqualTo(200);
            assertThat(data.resolve("secret.key")).exists();
        }
    }

    @Test
    void aSealedDatabaseWithAnotherKeyDoesNotStartAndSaysWhyInOneLine() throws IOException {
        Path data = dir.resolve("data");
        try (TestNode node = new TestNode(data)) {
            node.stop();
        }
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(data.resolve("secret.key"), other);

        Serve wrong = serve(data);
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).startsWith("error: the App Secrets in " + data + " do not open with the node key from "
                + data.resolve("secret.key") + ": wrong key").doesNotContain("\tat ").hasLineCount(1);

        Files.delete(data.resolve("secret.key"));
        Serve missing = serve(data);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: the database in " + data + " holds sealed App Secrets but their key "
                + data.resolve("secret.key") + " is missing").doesNotContain("\tat ").hasLineCount(1);
        assertThat(data.resolve("secret.key")).doesNotExist();
    }

    private record Serve(int code, String err) {
    }

    private static Serve serve(Path data) {
        StringWriter err = new StringWriter();
        CommandLine cli = ParleyCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("serve", "--data-dir", data.toString(), "--host", "127.0.0.1", "--http-port", "0",
                "--tcp-port", "0");
        return new Serve(code, err.toString());
    }

    /** Every directory under {@code data} that is not 0700 and every file that is not 0600, with its mode. */
    static Map<Path, String> notOwnerOnly(Path data) throws IOException {
        Map<Path, String> loose = new TreeMap<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    loose.put(p, mode);
                }
            }
        }
        return loose;
    }

    /** As a node with the common umask 022 and no fix left them: 0755 directories, 0644 files. */
    private static void loosen(Path data) throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(DataDirPermissions.class)).addAppender(appender);
        return appender;
    }

    /** parley.db and its log as raw bytes, as a copy of the files would give them. */
    private static String raw(Path data) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : new String[] {"parley.db", "parley.db-wal"}) {
            if (Files.exists(data.resolve(name))) {
                all.append(new String(Files.readAllBytes(data.resolve(name)), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    /** Earlier versions stored the App Secret in plaintext and had no node key. */
    private static void asAnEarlierVersionStoredIt(Path data, String appKey, String secret) throws Exception {
        try (Database db = Database.openEmbedded(data); Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE apps SET app_secret = ? WHERE app_key = ?")) {
            ps.setString(1, secret);
            ps.setString(2, appKey);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        Files.delete(data.resolve("secret.key"));
    }

    private static String storedSecret(Path data, String appKey) throws SQLException {
        try (Database db = Database.openEmbedded(data); Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT app_secret FROM apps WHERE app_key = ?")) {
            ps.setString(1, appKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
