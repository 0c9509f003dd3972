package dev.parley.bench.cli;

import dev.parley.bench.scenario.Scenario;
import dev.parley.bench.scenario.SyncScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench sync}: offline catch-up. */
@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A receiver is offline while N messages accumulate for it (sent 1:1 by a few online users, all "
                + "acknowledged), then connects: time from connect() to onOfflineMessageSyncCompleted and messages/s "
                + "of the catch-up, every message exactly once, with server and generator CPU.",
                "Target: >= 20,000 messages/s."})
final class SyncCommand extends ScenarioCommand {
    @Option(names = "--messages", paramLabel = "N", defaultValue = "10000", description = "Messages waiting (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--senders", paramLabel = "S", defaultValue = "10", description = "Users sending them (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--fill-rate", paramLabel = "R", defaultValue = "5000",
            description = "Offered messages/s while filling the inbox (untimed) (default: ${DEFAULT-VALUE}).")
    int fillRate;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up on the fill or the catch-up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Fill and catch up N times; the figures are the last round's, earlier ones warm both JVMs "
                    + "up (default: ${DEFAULT-VALUE}).")
    int rounds;


    @Override
    Scenario scenario() {
        return new SyncScenario(messages, senders, fillRate, timeoutSeconds, rounds);
    }
}
