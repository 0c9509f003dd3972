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
 * Why: PostgreSQL runs concurrent transactions side by side (READ COMMITTED), so the cap's
 * row lock must hold there too, not only under SQLite's single writer. Skipped where no
 * PostgreSQL is reachable, as {@link PostgresMessageStoreTest} is.
 */
class PostgresGroupRepositoryTest extends GroupRepositoryTest {
    private static final String URL = System.getenv()
            .getOrDefault("PARLEY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_USER", "postgres");

    private final String schema = "parley_test_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    protected Database openDatabase(Path dir) {
        Assumptions.assumeTrue(execute("CREATE SCHEMA " + schema), "no PostgreSQL at " + URL);
        return Database.openPostgres(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER, null);
    }

    @AfterEach
    void dropSchema() {
        close();
        db = null;
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
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
