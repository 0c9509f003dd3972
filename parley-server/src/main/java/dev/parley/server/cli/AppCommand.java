package dev.parley.server.cli;

import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.Database;
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
 */
@Command(name = "app", mixinStandardHelpOptions = true, description = "Create and configure apps.",
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.SetTokenTtl.class,
                AppCommand.ResetSecret.class})
final class AppCommand {
    @Option(names = "--data-dir", defaultValue = "./data", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    <T> T withAdmin(java.util.function.Function<AppAdmin, T> work) {
        try (Database db = Database.openEmbedded(dataDir)) {
            return work.apply(new AppAdmin(new AppRepository(db), Clock.systemUTC(), () -> { }));
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
            System.out.printf("%-18s %-20s %-8s %-14s %s%n", "APP KEY", "NAME", "STATUS", "TOKEN TTL", "CREATED");
            for (AppRecord a : parent.withAdmin(AppAdmin::list)) {
                System.out.printf("%-18s %-20s %-8s %-14s %s%n", a.appKey(), a.name(), a.status(),
                        a.tokenTtlSeconds() == 0 ? "never expires" : a.tokenTtlSeconds() + " s",
                        Instant.ofEpochMilli(a.createdAt()));
            }
            return 0;
        }
    }

    @Command(name = "set-token-ttl", description = "Set how long new tokens of an app live (0 = never expire).")
    static final class SetTokenTtl implements Callable<Integer> {
        @ParentCommand
        AppCommand parent;

        @Option(names = "--app-key", required = true)
        String appKey;

        @Option(names = "--seconds", required = true, description = "Lifetime in seconds; 0 = never expires.")
        long seconds;

        @Override
        public Integer call() {
            parent.withAdmin(a -> {
                a.setTokenTtl(appKey, seconds);
                return null;
            });
            System.out.println("Tokens issued from now on for " + appKey + " "
                    + (seconds == 0 ? "never expire." : "expire after " + seconds + " s."));
            return 0;
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
