package dev.parley.bench.cli;

import dev.parley.bench.scenario.IdleScenario;
import dev.parley.bench.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench idle}: server memory per idle authenticated connection. */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open N idle authenticated connections and hold them: server resident memory per connection "
                + "(after a full GC, before vs after), live heap per connection and what it is made of, and the CPU "
                + "of holding them.",
                "Target: <= 4 KiB per connection with 19,000 held. Use --server-process: the server then has its own "
                        + "memory and open-file budget."})
final class IdleCommand extends ScenarioCommand {
    @Option(names = "--connections", paramLabel = "N", defaultValue = "10000",
            description = "Connections to open and hold (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--in-flight", paramLabel = "K", defaultValue = "200",
            description = "Connects in flight at once (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1000",
            description = "Users connected and disconnected before the baseline, so that JIT-compiled code and "
                    + "buffer pools of the connect path are not counted as the connections' memory "
                    + "(default: ${DEFAULT-VALUE}).")
    int warmupUsers;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "10",
            description = "Hold the connections this long after measuring, to see what holding costs (default: ${DEFAULT-VALUE}).")
    int holdSeconds;

    @Option(names = "--class-histogram", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Take the server's class histograms to show what a connection is made of (default: on).")
    boolean classHistogram;


    @Override
    Scenario scenario() {
        return new IdleScenario(connections, inFlight, warmupUsers, holdSeconds, classHistogram);
    }
}
