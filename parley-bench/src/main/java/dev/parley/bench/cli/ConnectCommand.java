package dev.parley.bench.cli;

import dev.parley.bench.scenario.ConnectScenario;
import dev.parley.bench.scenario.MessageGenerator;
import dev.parley.bench.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench connect}: connect rate and latency. */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"C users connect, K in flight: connects/s and p50/p99 connect latency (connect() to "
                + "onConnected: local database, navigation, socket, auth), with server and generator CPU.",
                "Targets: >= 4,000 connects/s, p99 < 100 ms."})
final class ConnectCommand extends ScenarioCommand {
    @Option(names = "--users", paramLabel = "C", defaultValue = "2000", description = "Users to connect (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--in-flight", paramLabel = "K", defaultValue = "200",
            description = "Connects in flight at once (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1000",
            description = "Users connected and disconnected before the timed phase, so that both JVMs have compiled "
                    + "the connect path (default: ${DEFAULT-VALUE}).")
    int warmupUsers;

    @Option(names = "--returning",
            description = "Connect the timed users once before (untimed), so that their local databases exist: a "
                    + "reconnect storm after a node restart rather than first logins.")
    boolean returning;

    @Option(names = "--generator", paramLabel = "sdk|raw", defaultValue = "sdk",
            converter = P2pCommand.GeneratorConverter.class,
            description = "What connects: sdk = real SDK engines (local database, navigation, socket, auth); raw = "
                    + "raw protocol sessions in this JVM, no SDK, no local database, navigation asked once before, "
                    + "timed from the TCP connect to ConnectAck 0 (the server's side of a connect) "
                    + "(default: ${DEFAULT-VALUE}).")
    MessageGenerator generator;

    @Override
    Scenario scenario() {
        return new ConnectScenario(users, inFlight, warmupUsers, returning, generator);
    }
}
