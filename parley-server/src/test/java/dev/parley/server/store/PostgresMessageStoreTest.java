package dev.parley.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * Why: the relational store is there for PostgreSQL (cluster mode), so the contract runs on a
 * real PostgreSQL too, each test in a schema of its own. Where none is reachable (a fresh
 * developer machine) the tests are skipped; CI's machines run PostgreSQL on 127.0.0.1:5432.
 * {@code PARLEY_TEST_POSTGRES_URL} and {@code PARLEY_TEST_POSTGRES_USER} point them elsewhere.
 */
class PostgresMessageStoreTest extends SqlMessageStoreTest {
    private static final String URL = System.getenv()
            .getOrDefault("PARLEY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_USER", "postgres");

    private final String schema = "parley_test_" + UUID.randomUUID().toString().replace("-", "");
    private boolean created;
    private boolean createdEarlier;

    @Override
    protected Database openDatabase(Path dir) {
        if (!created) {
            Assumptions.assumeTrue(execute("CREATE SCHEMA " + schema), "no PostgreSQL at " + URL);
            created = true;
        }
        return Database.openPostgres(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER, null);
    }

    @Override
    protected EmptyDatabase emptyDatabase(Path dir) {
        String earlier = schema + "_earlier";
        Assumptions.assumeTrue(execute("CREATE SCHEMA " + earlier), "no PostgreSQL at " + URL);
        createdEarlier = true;
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + earlier;
        return new EmptyDatabase(url, USER, () -> Database.openPostgres(url, USER, null));
    }

    @AfterEach
    void dropSchema() {
        releaseStore();
        if (created) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
        if (createdEarlier) {
            execute("DROP SCHEMA " + schema + "_earlier CASCADE");
        }
    }

    private static boolean execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, null); Statement s = c.createStatement()) {
            s.execute(sql);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
