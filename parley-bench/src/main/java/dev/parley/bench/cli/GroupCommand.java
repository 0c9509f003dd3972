package dev.parley.bench.cli;

import dev.parley.bench.scenario.GroupScenario;
import dev.parley.bench.scenario.MessageGenerator;
import dev.parley.bench.scenario.Placement;
import dev.parley.bench.scenario.Scenario;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench group}: group fan-out. */
@Command(name = "group", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Groups of M online members (created with /group/create.json); a few members of each send "
                + "at stepped offered rates: deliveries/s, latency per delivery (sendMessage call to each member's "
                + "onReceived), lost and duplicated deliveries, server and generator CPU.",
                "Target: >= 50,000 deliveries/s for 1,000-member groups."})
final class GroupCommand extends ScenarioCommand {
    @Option(names = "--members", paramLabel = "M", defaultValue = "1000", description = "Members per group, e.g. 100 or 1000 (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "1", description = "Groups; G × M engines (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--senders", paramLabel = "S", defaultValue = "4", description = "Sending members per group (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--rates", paramLabel = "R,R,...", split = ",", defaultValue = "10,25,50,100",
            description = "Offered messages/s over all groups, one step each; deliveries/s = rate × (M − 1) "
                    + "(default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--step-seconds", paramLabel = "S", defaultValue = "10", description = "Length of each step (default: ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "5", description = "Unreported warm-up at the first rate (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "20",
            description = "After the last step, wait this long at most for the last deliveries (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Option(names = "--in-flight", paramLabel = "K", defaultValue = "50", description = "Connects in flight while setting up (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--generator", paramLabel = "sdk|raw", defaultValue = "sdk",
            converter = P2pCommand.GeneratorConverter.class,
            description = "What sends and receives: sdk = real SDK engines, each member applying every message to its "
                    + "local database; raw = light clients speaking the wire protocol directly, no SDK and no local "
                    + "database (the server's own fan-out ceiling) (default: ${DEFAULT-VALUE}).")
    MessageGenerator generator;

    @Option(names = "--placement", paramLabel = "spread|same|cross", defaultValue = "spread",
            converter = PlacementConverter.class,
            description = "With --cluster-nodes, where the members connect: spread = navigation as shipped (node "
                    + "0's navigation, least loaded node first); same = all on node 0; cross = members dealt "
                    + "round-robin over the nodes, so that most deliveries cross nodes (default: ${DEFAULT-VALUE}).")
    Placement placement;

    @Override
    Scenario scenario() {
        PlacementConverter.check(placement, target);
        return new GroupScenario(members, groups, senders, rates, stepSeconds, warmupSeconds, graceSeconds, inFlight,
                generator, placement);
    }
}
