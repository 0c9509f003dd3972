package dev.parley.server.store;

import dev.parley.server.support.ClusterServices;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * Why: PostgreSQL runs concurrent transactions side by side (READ COMMITTED), so the cap's
 * row lock must hold there too, not only under SQLite's single writer. In a schema of its
 * own per test, as {@link PostgresMessageStoreTest}.
 */
class PostgresGroupRepositoryTest extends GroupRepositoryTest {
    private ClusterServices.PostgresDatabase database;

    @Override
    protected Database openDatabase(Path dir) {
        if (database == null) {
            database = ClusterServices.freshSchema();
        }
        return Database.openPostgres(database.jdbcUrl(), database.user(), null);
    }

    @AfterEach
    void dropDatabase() {
        close();
        db = null;
        if (database != null) {
            database.close();
        }
    }
}
