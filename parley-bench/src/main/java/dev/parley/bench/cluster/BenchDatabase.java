package dev.parley.bench.cluster;

import dev.parley.server.config.PostgresUrl;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run's own PostgreSQL database, {@code parley_bench_<random>}, created beside the
 * database of the base URL and dropped afterwards: every cluster run starts from an empty
 * schema (the first node migrates it and creates the default app), and a rerun never meets
 * the last run's messages, inboxes or users.
 */
public final class BenchDatabase implements AutoCloseable {
    private static final Pattern JDBC = Pattern.compile("(jdbc:postgresql://[^/?]+)(/[^?]*)?(\\?.*)?");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final PostgresUrl base;
    private final String name;
    private final PostgresUrl url;
    private final boolean keep;

    private BenchDatabase(PostgresUrl base, String name, boolean keep) {
        this.base = base;
        this.name = name;
        this.url = new PostgresUrl(withDatabase(base.jdbcUrl(), name), base.user(), base.password());
        this.keep = keep;
    }

    /**
     * Creates a fresh database on the server of {@code base}.
     *
     * @param keep leave the database in place on {@link #close()} (for looking at it afterwards)
     */
    public static BenchDatabase create(PostgresUrl base, boolean keep) throws SQLException {
        String name = randomName();
        try (Connection c = connect(base); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new BenchDatabase(base, name, keep);
    }

    /** {@code parley_bench_} and 10 random lowercase letters or digits: a valid unquoted identifier. */
    static String randomName() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder("parley_bench_");
        for (int i = 0; i < 10; i++) {
            b.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return b.toString();
    }

    /** {@code jdbcUrl} naming database {@code database} instead of its own, parameters kept. */
    static String withDatabase(String jdbcUrl, String database) {
        Matcher m = JDBC.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + PostgresUrl.masked(jdbcUrl));
        }
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    public String name() {
        return name;
    }

    /** Where the nodes find the database: JDBC URL, user and password (null: the driver's default). */
    public PostgresUrl url() {
        return url;
    }

    /** A new connection to the run's database. */
    public Connection connect() throws SQLException {
        return connect(url);
    }

    private static Connection connect(PostgresUrl u) throws SQLException {
        Properties props = new Properties();
        if (u.user() != null) {
            props.setProperty("user", u.user());
        }
        if (u.password() != null) {
            props.setProperty("password", u.password());
        }
        props.setProperty("ApplicationName", "parley-bench");
        return DriverManager.getConnection(u.jdbcUrl(), props);
    }

    /**
     * {@code parley app set-rate-limit --per-second 0} done in the cluster's database: the same
     * row and columns as the server's {@code AppRepository.setSendRateLimit}; every node re-reads
     * app settings every 2 s.
     */
    public void liftSendRateLimit(String appKey) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE apps SET send_rate_limit = 0, updated_at = ? WHERE app_key = ?")) {
            s.setLong(1, System.currentTimeMillis());
            s.setString(2, appKey);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("no app " + appKey + " in database " + name);
            }
        }
    }

    /** Drops the database (closing any connection left to it) unless it is to be kept. */
    @Override
    public void close() {
        if (keep) {
            System.err.println("PostgreSQL database kept: " + name + " (" + url + ")");
            return;
        }
        try (Connection c = connect(base); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop the run's database " + name + ": " + e.getMessage());
        }
    }
}
