package dev.parley.server.cli;

import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.Database;
import dev.parley.server.store.SecretsAtRest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code parley app ...}: manage apps in a node's data directory. Safe beside a running
 * node: it writes through SQLite's locking and the node picks changes up within seconds.
 * It uses the node's key (secret.key or PARLEY_SECRET_KEY) to seal and open App Secrets,
 * and keeps the data dir owner-only as the node does.
 */
@Command(name = "app", mixinStandardHelpOptions = true, description = "Create and configure apps.",
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.SetTokenTtl.class,
                AppCommand.SetRetention.class, AppCommand.SetRateLimit.class, AppCommand.ResetSecret.class})
final class AppCommand {
    @Option(names = "--data-dir", defaultValue = "./data", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    <T> T withAdmin(java.util.function.Function<AppAdmin, T> work) {
        try (Database db = Database.openEmbedded(dataDir)) {
            return work.apply(new AppAdmin(SecretsAtRest.open(db, dataDir, System.getenv()), Clock.systemUTC(), () -> { }));
        }
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
