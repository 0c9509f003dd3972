package dev.parley.server.migrate;

import dev.parley.server.config.PostgresUrl;
import dev.parley.server.store.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies everything an embedded node's data dir holds into a cluster's PostgreSQL: the SQLite
 * file's tables ({@link SqliteTableCopy}), then the message store ({@link MessageCopy}). Every
 * check that can refuse runs before the first row is written ({@link EmbeddedDataDir},
 * {@link AppSecretKeys}, {@link ClusterAppCheck}). Idempotent: rows the target already holds
 * are counted, not copied again.
 */
public final class Migration {
    /** Rows per transaction, and the most held in memory at once. */
    public static final int PAGE = 1_000;

    /** What was copied, and what the operator must set on the cluster's nodes for the App Secrets. */
    public record Result(Tally tally, String keyAdvice) {
    }

    private Migration() {
    }

    /**
     * @param env the environment: {@code PARLEY_SECRET_KEY} / {@code _FILE} name the cluster's node key
     * @throws MigrationRefused when it cannot start; nothing was written then
     */
    public static Result run(Path dataDir, PostgresUrl target, Map<String, String> env) {
        try (EmbeddedDataDir source = EmbeddedDataDir.open(dataDir)) {
            TreeMap<String, String> secrets = SqliteTableCopy.appSecrets(source);
            AppSecretKeys keys = AppSecretKeys.resolve(dataDir, env, secrets);
            try (Database cluster = openTarget(target)) {
                Tally tally = new Tally();
                SqliteTableCopy.ORDER.forEach(tally::table);
                List.of("messages", "inbox", "inbox_heads").forEach(tally::table);
                SqliteTableCopy tables = new SqliteTableCopy(source, cluster.dataSource(), keys, tally, PAGE);
                // Every check before the first write.
                ClusterAppCheck.check(cluster.dataSource(), secrets, keys);
                List<SqliteTableCopy.Table> plan = tables.plan();
                tables.run(plan);
                new MessageCopy(source.messages(), cluster.dataSource(), tally, PAGE).run();
                return new Result(tally, keys.advice());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + dataDir.resolve(EmbeddedDataDir.DATABASE) + ": "
                    + e.getMessage(), e);
        }
    }

    private static Database openTarget(PostgresUrl target) {
        try {
            return Database.openPostgres(target.jdbcUrl(), target.user(), target.password());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new MigrationRefused("cannot open the cluster's database " + target + ": " + root.getMessage(), e);
        }
    }
}
