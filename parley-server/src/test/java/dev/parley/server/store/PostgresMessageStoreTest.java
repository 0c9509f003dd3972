package dev.parley.server.store;

import dev.parley.server.support.ClusterServices;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * Why: the relational store is there for PostgreSQL (cluster mode), so the contract runs on a
 * real PostgreSQL too, each test in a schema of its own: the machine's (CI's machines run
 * PostgreSQL on 127.0.0.1:5432) or, on a fresh machine, an embedded one ({@link ClusterServices}).
 */
class PostgresMessageStoreTest extends SqlMessageStoreTest {
    private ClusterServices.PostgresDatabase database;
    private ClusterServices.PostgresDatabase earlier;

    @Override
    protected Database openDatabase(Path dir) {
        if (database == null) {
            database = ClusterServices.freshSchema();
        }
        return Database.openPostgres(database.jdbcUrl(), database.user(), null);
    }

    @Override
    protected EmptyDatabase emptyDatabase(Path dir) {
        earlier = ClusterServices.freshSchema();
        ClusterServices.PostgresDatabase db = earlier;
        return new EmptyDatabase(db.jdbcUrl(), db.user(), () -> Database.openPostgres(db.jdbcUrl(), db.user(), null));
    }

    @AfterEach
    void dropDatabases() {
        releaseStore();
        if (database != null) {
            database.close();
        }
        if (earlier != null) {
            earlier.close();
        }
    }
}
