package dev.parley.server.migrate;

import dev.parley.server.config.PostgresUrl;
import dev.parley.server.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley migrate}: copies an embedded node's data dir into a cluster's PostgreSQL and
 * prints what it read and copied per table. Exit code 0 when everything read is in the
 * target, 1 when it refused (nothing written) or failed, 2 for bad options, 3 when rows are
 * missing from the target (the report says which and why).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copy an embedded node's data dir (apps, users, groups, messages, inboxes) into a cluster's"
                + " PostgreSQL. Stop the node first. Idempotent: run it again to check, or to finish an interrupted copy.",
                "The cluster's node key comes from PARLEY_SECRET_KEY or PARLEY_SECRET_KEY_FILE; without either,"
                        + " the cluster is to use the data dir's secret.key."})
public final class MigrateCommand implements Callable<Integer> {
    public static final int COMPLETE = 0;
    public static final int REFUSED = 1;
    public static final int BAD_OPTIONS = 2;
    public static final int INCOMPLETE = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "The embedded node's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--postgres-url", description = "The cluster's PostgreSQL: postgresql://user:password@host:5432/db"
            + " or jdbc:postgresql://host:5432/db (env PARLEY_POSTGRES_URL).")
    String postgresUrl;

    @Option(names = "--postgres-user", description = "Overrides the URL's user (env PARLEY_POSTGRES_USER).")
    String postgresUser;

    @Option(names = "--postgres-password", description = "Overrides the URL's password (env PARLEY_POSTGRES_PASSWORD).")
    String postgresPassword;

    private final Map<String, String> env;

    public MigrateCommand() {
        this(System.getenv());
    }

    /** With {@code env} in place of the process environment (tests). */
    public MigrateCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PostgresUrl target;
        try {
            target = PostgresUrl.parse(or(postgresUrl, "PARLEY_POSTGRES_URL"), or(postgresUser, "PARLEY_POSTGRES_USER"),
                    or(postgresPassword, "PARLEY_POSTGRES_PASSWORD"));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_OPTIONS;
        }
        out.println("Migrating " + dataDir.toAbsolutePath().normalize() + " into " + target);
        out.flush();
        Migration.Result result;
        try {
            result = Migration.run(dataDir, target, env);
        } catch (MigrationRefused e) {
            err.println("refused: " + e.getMessage());
            err.println("Nothing was written.");
            err.flush();
            return REFUSED;
        } catch (StoreException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            err.println("Rows copied before the error stay; running migrate again copies the rest.");
            err.flush();
            return REFUSED;
        }
        result.tally().print(out);
        out.println(result.keyAdvice());
        if (result.tally().complete()) {
            out.println("Complete: every row read is in the cluster's database (" + result.tally().copied()
                    + " copied, " + result.tally().alreadyPresent() + " already present).");
            out.flush();
            return COMPLETE;
        }
        out.println("Incomplete: " + result.tally().missing() + " rows read are not in the cluster's database (see above).");
        out.flush();
        return INCOMPLETE;
    }

    private String or(String option, String envName) {
        return option != null ? option : env.get(envName);
    }
}
