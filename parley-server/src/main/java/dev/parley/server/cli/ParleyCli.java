package dev.parley.server.cli;

import dev.parley.server.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code parley} command. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley: self-hosted instant messaging.",
        subcommands = {ServeCommand.class, AppCommand.class, CommandLine.HelpCommand.class})
public final class ParleyCli {
    /**
     * The command line with its error handling: a bad argument or an unusable data dir prints
     * one line, not a stack trace.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new ParleyCli()).setExecutionExceptionHandler((ex, cmd, parsed) -> {
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
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
