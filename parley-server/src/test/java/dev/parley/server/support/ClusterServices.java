package dev.parley.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL and Redis that cluster tests run on. The machine's own when they answer on
 * their standard ports (the CI machine kind runs both); otherwise ones started here, once per
 * test JVM: an embedded PostgreSQL from Maven Central ({@code io.zonky.test}) and
 * {@code redis-server} on a free port when the binary is installed. Only when Redis can be
 * neither found nor started is a test skipped, with one loud line. Each test gets its own
 * database ({@link #freshDatabase}) and Redis key prefix ({@link #freshKeyPrefix}), so tests
 * (and several builds on one machine) never see each other's state.
 *
 * <p>{@code -Dparley.it.startServices=true} ignores the machine's services and starts both:
 * how the fresh-machine path is tried on a machine that has them.
 */
public final class ClusterServices {
    private static final String LOCAL_PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final boolean START_OWN = Boolean.getBoolean("parley.it.startServices");
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static String adminUrl;
    private static String adminUser;
    private static EmbeddedPostgres embeddedPostgres;
    private static String redisUrl;
    private static Process redisProcess;
    private static PostgresDatabase sharedDatabase;

    private ClusterServices() {
    }

    /** A database of its own, empty, on the test PostgreSQL; dropped by {@link PostgresDatabase#close}. */
    public static synchronized PostgresDatabase freshDatabase() {
        ensurePostgres();
        String name = "parley_it_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(adminUrl + "postgres", adminUser, null);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + adminUrl, e);
        }
        return new PostgresDatabase(adminUrl + name, adminUser, name, null);
    }

    /**
     * A schema of its own in one database this JVM shares: a tenth of the cost of a database
     * (no copy of the template), for the many short tests of a store's contract. Its URL names
     * the schema ({@code currentSchema}); close() drops it.
     */
    public static synchronized PostgresDatabase freshSchema() {
        if (sharedDatabase == null) {
            sharedDatabase = freshDatabase();
            // Outlives every test of this JVM: dropped as the JVM ends, so runs leave no database behind.
            PostgresDatabase shared = sharedDatabase;
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "drop-shared-test-database"));
        }
        String schema = "s" + NAMES.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(sharedDatabase.jdbcUrl(), adminUser, null);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + schema, e);
        }
        return new PostgresDatabase(sharedDatabase.jdbcUrl() + "?currentSchema=" + schema, adminUser,
                sharedDatabase.name(), schema);
    }

    /** {@code redis://127.0.0.1:<port>} of the test Redis; skips the calling test when there is none. */
    public static synchronized String redisUrl() {
        if (redisUrl != null) {
            return redisUrl;
        }
        if (!START_OWN && answersPing(6379)) {
            redisUrl = "redis://127.0.0.1:6379";
            return redisUrl;
        }
        int port = freePort();
        try {
            redisProcess = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            System.err.println("########## SKIPPED: no Redis on 127.0.0.1:6379 and no redis-server binary to start"
                    + " (install Debian's redis-server to run the cluster tests) ##########");
            Assumptions.abort("no Redis: neither 127.0.0.1:6379 nor a redis-server binary");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(redisProcess::destroyForcibly));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing(port)) {
            if (System.nanoTime() > deadline || !redisProcess.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within 10 s");
            }
            Thread.onSpinWait();
        }
        redisUrl = "redis://127.0.0.1:" + port;
        return redisUrl;
    }

    /** A Redis key prefix no other test uses. */
    public static String freshKeyPrefix() {
        return "it" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    private static void ensurePostgres() {
        if (adminUrl != null) {
            return;
        }
        if (!START_OWN && postgresAnswers()) {
            adminUrl = LOCAL_PG;
            adminUser = "postgres";
            return;
        }
        try {
            embeddedPostgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL on 127.0.0.1:5432 and the embedded one did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                embeddedPostgres.close();
            } catch (IOException ignored) {
                // the JVM is going away
            }
        }));
        adminUrl = "jdbc:postgresql://127.0.0.1:" + embeddedPostgres.getPort() + "/";
        adminUser = "postgres";
    }

    private static boolean postgresAnswers() {
        DriverManager.setLoginTimeout(2);
        try (Connection c = DriverManager.getConnection(LOCAL_PG + "postgres", "postgres", null)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean answersPing(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One test's database, or schema of a shared database: its JDBC URL and user (no password:
     * trust auth); dropped on close.
     */
    public record PostgresDatabase(String jdbcUrl, String user, String name, String schema) implements AutoCloseable {
        @Override
        public void close() {
            String sql = schema == null ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                    : "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
            String where = schema == null ? adminUrl + "postgres" : adminUrl + name;
            try (Connection c = DriverManager.getConnection(where, adminUser, null);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                System.err.println("could not drop test " + (schema == null ? "database " + name : "schema " + schema)
                        + ": " + e.getMessage());
            }
        }
    }
}
