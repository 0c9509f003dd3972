package dev.parley.server;

import dev.parley.server.auth.AppAdmin;
import dev.parley.server.config.ClusterSettings;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.store.AdminRepository;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.Database;
import dev.parley.server.store.NodeKey;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's storage: the shared PostgreSQL (migrated by Flyway on open) holding apps,
 * users, groups, admins, messages and inboxes. App Secrets are sealed under the cluster's key,
 * which every node must be given ({@code PARLEY_SECRET_KEY} or {@code PARLEY_SECRET_KEY_FILE}):
 * a key made up by one node would open nothing on the others.
 */
final class ClusterStorage {
    private static final Logger log = LoggerFactory.getLogger(ClusterStorage.class);
    // Arbitrary but fixed ids of the cluster-wide PostgreSQL advisory locks ("PARL" + n).
    private static final long FIRST_START_LOCK = 0x5041524C_0001L;
    private static final long PURGE_LOCK = 0x5041524C_0002L;

    private final Database database;
    private final AppRepository apps;
    private final SqlMessageStore messages;

    private ClusterStorage(Database database, AppRepository apps) {
        this.database = database;
        this.apps = apps;
        this.messages = new SqlMessageStore(database);
    }

    /** Connects to and migrates the cluster's database; a missing key or unreachable database stops the start. */
    static ClusterStorage open(ServerConfig config, Map<String, String> env) {
        ClusterSettings cluster = config.cluster();
        requireSharedKey(env);
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data dir " + config.dataDir(), e);
        }
        Database database;
        try {
            database = Database.openPostgres(cluster.postgresUrl(), cluster.postgresUser(), cluster.postgresPassword());
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the cluster database " + cluster.postgresUrl() + ": "
                    + rootMessage(e), e);
        }
        try {
            return new ClusterStorage(database, SecretsAtRest.open(database, config.dataDir(), env));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void requireSharedKey(Map<String, String> env) {
        if (blank(env.get(NodeKey.ENV_KEY)) && blank(env.get(NodeKey.ENV_KEY_FILE))) {
            throw new StoreException("cluster mode needs the cluster's secret key in " + NodeKey.ENV_KEY
                    + " (base64) or " + NodeKey.ENV_KEY_FILE + " (a file): every node must be given the same key,"
                    + " which seals the App Secrets in the shared database (make one with: head -c 32 /dev/urandom"
                    + " | base64 -w0)", null);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    Database database() {
        return database;
    }

    AppRepository apps() {
        return apps;
    }

    SqlMessageStore messages() {
        return messages;
    }

    /**
     * Creates the default app and the console admin if the cluster has no app yet, exactly once
     * however many nodes start at the same moment: the check and the creation run under a
     * cluster-wide advisory lock. The node that created them gets (and writes) the credentials.
     */
    Optional<FirstStart.InitialCredentials> firstStart(ServerConfig config, AppAdmin appAdmin, Clock clock) {
        if (!apps.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = database.dataSource().getConnection()) {
            lock(c, "SELECT pg_advisory_lock(?)", FIRST_START_LOCK);
            try {
                return FirstStart.runIfEmpty(config.dataDir(), apps, new AdminRepository(database), appAdmin, clock);
            } finally {
                lock(c, "SELECT pg_advisory_unlock(?)", FIRST_START_LOCK);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot take the first-start lock in the cluster database", e);
        }
    }

    /**
     * {@code task} wrapped so that one node of the cluster runs it at a time and the others
     * skip that round (retention purges: any node may, one is enough).
     */
    Runnable onOneNodeAtATime(Runnable task) {
        return () -> {
            try (Connection c = database.dataSource().getConnection()) {
                if (!lock(c, "SELECT pg_try_advisory_lock(?)", PURGE_LOCK)) {
                    log.debug("another node is purging; skipped this round");
                    return;
                }
                try {
                    task.run();
                } finally {
                    lock(c, "SELECT pg_advisory_unlock(?)", PURGE_LOCK);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot take the purge lock in the cluster database", e);
            }
        };
    }

    private static boolean lock(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return !rs.next() || rs.getObject(1) == null || !(rs.getObject(1) instanceof Boolean b) || b;
            }
        }
    }

    void close() {
        messages.close();
        database.close();
    }
}
