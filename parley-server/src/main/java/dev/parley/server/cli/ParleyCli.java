package dev.parley.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code parley} command. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley: self-hosted instant messaging.",
        subcommands = {ServeCommand.class, AppCommand.class, CommandLine.HelpCommand.class})
public final class ParleyCli {
    /** The command line with its error handling: a bad argument prints one line, not a stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new ParleyCli()).setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
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
