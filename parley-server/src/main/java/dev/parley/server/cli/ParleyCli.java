package dev.parley.server.cli;

import dev.parley.server.migrate.MigrateCommand;
import dev.parley.server.store.StoreException;
import io.netty.util.ResourceLeakDetector;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code parley} command. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley: self-hosted instant messaging.",
        subcommands = {ServeCommand.class, AppCommand.class, MigrateCommand.class, CommandLine.HelpCommand.class})
public final class ParleyCli {
    private static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    /**
     * The command line with its error handling: a bad argument or an unusable data dir prints
     * one line, not a stack trace.
     */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line with {@code env} as the environment {@code serve} reads its PARLEY_* options from. */
    static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cli = new CommandLine(new ParleyCli());
        cli.getSubcommands().get("serve").setDefaultValueProvider(new OptionSources(env));
        ((AppCommand) cli.getSubcommands().get("app").getCommand()).env = env;
        return cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof StoreException) {
                // The data dir cannot be used (held by another node, unreadable): what and why, in one line.
                cmd.getErr().println("error: " + ex.getMessage()
                        + (ex.getCause() == null ? "" : " (" + ex.getCause().getMessage() + ")"));
                return 1;
            }
            throw ex;
        });
    }

    public static void main(String[] args) {
        // Netty tracks one buffer in 128 for leaks, with a stack trace each: 1.4 % of a node's
        // CPU at 20,000-30,000 msg/s. Off in the node unless asked for; the tests, which run
        // nodes in their own JVM, track every buffer instead (Surefire configuration).
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
