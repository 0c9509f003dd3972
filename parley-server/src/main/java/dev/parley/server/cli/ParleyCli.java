package dev.parley.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code parley} command. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley: self-hosted instant messaging.",
        subcommands = {ServeCommand.class, AppCommand.class, CommandLine.HelpCommand.class})
public final class ParleyCli {
    public static void main(String[] args) {
        int code = new CommandLine(new ParleyCli()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
