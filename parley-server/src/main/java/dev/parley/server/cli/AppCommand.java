package dev.parley.server.cli;

import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.Database;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.config.PostgresUrl;
import dev.parley.server.store.NodeKey;
import dev.parley.server.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code parley app ...}: manage apps in a node's data directory, or with {@code --postgres-url}
 * a cluster's. Safe beside running nodes: it writes through the database's locking and every
 * node picks changes up within 2 s (its periodic re-read; the CLI is not on the cluster's bus).
 * It uses the node key (secret.key or PARLEY_SECRET_KEY; a cluster's must come from the
 * environment) to seal and open App Secrets, and keeps the data dir owner-only as the node does.
 */
@Command(name = "app", mixinStandardHelpOptions = true, description = "Create and configure apps.",
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.SetTokenTtl.class,
                AppCommand.SetRetention.class, AppCommand.SetRateLimit.class, AppCommand.ResetSecret.class})
final class AppCommand {
    @Option(names = "--data-dir", defaultValue = "./data", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--postgres-url", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "A cluster's PostgreSQL (env PARLEY_POSTGRES_URL): manage the cluster's apps instead of a "
                    + "data dir's. Needs the cluster's key in PARLEY_SECRET_KEY or PARLEY_SECRET_KEY_FILE.")
    String postgresUrl;

    @Option(names = "--postgres-user", paramLabel = "USER", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Overrides the URL's user (env PARLEY_POSTGRES_USER).")
    String postgresUser;

    @Option(names = "--postgres-password", paramLabel = "PASSWORD", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Overrides the URL's password (env PARLEY_POSTGRES_PASSWORD).")
    String postgresPassword;

    Map<String, String> env = System.getenv();

    <T> T withAdmin(Function<AppAdmin, T> work) {
        String url = or(postgresUrl, "PARLEY_POSTGRES_URL");
        if (url == null) {
            try (Database db = Database.openEmbedded(dataDir)) {
                return work.apply(new AppAdmin(SecretsAtRest.open(db, dataDir, env), Clock.systemUTC(), () -> { }));
            }
        }
        PostgresUrl cluster = PostgresUrl.parse(url, or(postgresUser, "PARLEY_POSTGRES_USER"),
                or(postgresPassword, "PARLEY_POSTGRES_PASSWORD"));
        if (or(null, NodeKey.ENV_KEY) == null && or(null, NodeKey.ENV_KEY_FILE) == null) {
            // A key made up here would seal this app's secret where no node can open it.
            throw new IllegalArgumentException("a cluster's apps need the cluster's key in " + NodeKey.ENV_KEY
                    + " or " + NodeKey.ENV_KEY_FILE + ", the one its nodes run with");
        }
        Database db;
        try {
            db = Database.openPostgres(cluster.jdbcUrl(), cluster.user(), cluster.password());
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the cluster database " + cluster, e);
        }
        try (db) {
            return work.apply(new AppAdmin(SecretsAtRest.open(db, dataDir, env), Clock.systemUTC(), () -> { }));
        }
    }

    private String or(String given, String envName) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String fromEnv = env.get(envName);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
    }

    @Command(name = "create", description = "Create an app and print its App Key and App Secret.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        AppCommand parent;

        @Option(names = "--name", required = true, description = "Display name.")
        String name;

        @Override
        public Integer call() {
            AppRecord app = parent.withAdmin(a -> a.create(name));
            System.out.println("App Key:    " + app.appKey());
            System.out.println("App Secret: " + app.appSecret());
            return 0;
        }
    }

    @Command(name = "list", description = "List apps (secrets are not shown).")
    static final class ListApps implements Callable<Integer> {
        @ParentCommand
        AppCommand parent;

        @Override
        public Integer call() {
            String format = "%-18s %-20s %-8s %-14s %-10s %-10s %s%n";
            System.out.printf(format, "APP KEY", "NAME", "STATUS", "TOKEN TTL", "RETENTION", "SEND/S", "CREATED");
            for (AppRecord a : parent.withAdmin(AppAdmin::list)) {
                System.out.printf(format, a.appKey(), a.name(), a.status(),
                        a.tokenTtlSeconds() == 0 ? "never expires" : a.tokenTtlSeconds() + " s",
                        a.retentionDays() + " d", a.sendRateLimit() == 0 ? "no limit" : a.sendRateLimit(),
                        Instant.ofEpochMilli(a.createdAt()));
            }
            return 0;
        }
    }

    /** A command that changes one setting of one app and says what it did. */
    abstract static class AppSettingCommand implements Callable<Integer> {
        @ParentCommand
        AppCommand parent;

        @Option(names = "--app-key", required = true)
        String appKey;

        abstract void apply(AppAdmin admin);

        abstract String done();

        @Override
        public Integer call() {
            parent.withAdmin(a -> {
                apply(a);
                return null;
            });
            System.out.println(done());
            return 0;
        }
    }

    @Command(name = "set-token-ttl", description = "Set how long new tokens of an app live (0 = never expire).")
    static final class SetTokenTtl extends AppSettingCommand {
        @Option(names = "--seconds", required = true, description = "Lifetime in seconds; 0 = never expires.")
        long seconds;

        @Override
        void apply(AppAdmin admin) {
            admin.setTokenTtl(appKey, seconds);
        }

        @Override
        String done() {
            return "Tokens issued from now on for " + appKey + " "
                    + (seconds == 0 ? "never expire." : "expire after " + seconds + " s.");
        }
    }

    @Command(name = "set-retention", description = "Set how many days (1..7) messages are kept for offline sync and history.")
    static final class SetRetention extends AppSettingCommand {
        @Option(names = "--days", required = true, description = "1..7")
        int days;

        @Override
        void apply(AppAdmin admin) {
            admin.setRetentionDays(appKey, days);
        }

        @Override
        String done() {
            return "Messages of " + appKey + " are kept " + days + " days.";
        }
    }

    @Command(name = "set-rate-limit", description = "Set how many messages per second one client connection may send (0 = no limit).")
    static final class SetRateLimit extends AppSettingCommand {
        @Option(names = "--per-second", required = true, description = "Default 5; 0 = no limit (load tests).")
        int perSecond;

        @Override
        void apply(AppAdmin admin) {
            admin.setSendRateLimit(appKey, perSecond);
        }

        @Override
        String done() {
            return "Clients of " + appKey + " may send " + (perSecond == 0 ? "without limit." : perSecond + " messages/s.");
        }
    }

    @Command(name = "reset-secret", description = "Give an app a new App Secret; every token of the app stops working.")
    static final class ResetSecret implements Callable<Integer> {
        @ParentCommand
        AppCommand parent;

        @Option(names = "--app-key", required = true)
        String appKey;

        @Override
        public Integer call() {
            String secret = parent.withAdmin(a -> a.resetSecret(appKey));
            System.out.println("New App Secret: " + secret);
            return 0;
        }
    }
}
