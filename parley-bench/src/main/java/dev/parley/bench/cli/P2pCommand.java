package dev.parley.bench.cli;

import dev.parley.bench.scenario.MessageGenerator;
import dev.parley.bench.scenario.P2pScenario;
import dev.parley.bench.scenario.Placement;
import dev.parley.bench.scenario.Scenario;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench p2p}: 1:1 messages at stepped offered rates. */
@Command(name = "p2p", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"U online users send 1:1 text messages to random peers at stepped offered rates (paced): "
                + "achieved send rate, deliveries/s, end-to-end latency p50/p99/p99.9 (sendMessage call to the peer's "
                + "onReceived), lost and duplicated deliveries, server and generator CPU, server CPU per delivered "
                + "message, and the highest rate held with p99 < 100 ms and no loss. Stops after the last step, or "
                + "earlier once a step is not kept up with.",
                "Lifts the app's send rate limit on a node it starts; at --url the operator must (parley app "
                        + "set-rate-limit --per-second 0).",
                "Targets: >= 30,000 delivered msg/s with p99 < 50 ms, no loss or duplicates; p99 < 5 ms at 10,000 "
                        + "msg/s; server CPU <= 25 µs per delivered message."})
final class P2pCommand extends ScenarioCommand {
    @Option(names = "--users", paramLabel = "U", defaultValue = "1000", description = "Online users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--rates", paramLabel = "R,R,...", split = ",", defaultValue = "2000,5000,10000,20000,40000",
            description = "Offered rates in messages/s, one step each (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--step-seconds", paramLabel = "S", defaultValue = "10", description = "Length of each step (default: ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "5",
            description = "Unreported warm-up at the first rate, so that both JVMs have compiled the paths (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "After the last step, wait this long at most for deliveries still on their way; what has "
                    + "not arrived then counts as lost (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Option(names = "--max-unanswered", paramLabel = "N", defaultValue = "20000",
            description = "Sends without an ack at most; beyond, the pacer waits and the achieved rate drops "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxOutstanding;

    @Option(names = "--in-flight", paramLabel = "K", defaultValue = "50", description = "Connects in flight while setting up (default: ${DEFAULT-VALUE}).")
    int inFlight;


    @Option(names = "--generator", paramLabel = "sdk|raw", defaultValue = "sdk",
            converter = GeneratorConverter.class,
            description = "What sends and receives: sdk = real SDK engines, each with its local database "
                    + "(the whole system as apps see it); raw = light clients speaking the wire protocol directly, "
                    + "no SDK and no local database (the server's own ceiling) (default: ${DEFAULT-VALUE}).")
    MessageGenerator generator;

    @Option(names = "--placement", paramLabel = "spread|same|cross", defaultValue = "spread",
            converter = PlacementConverter.class,
            description = "With --cluster-nodes, where the users connect: spread = navigation as shipped (node 0's "
                    + "navigation, least loaded node first); same = all on node 0 (same-node delivery with the "
                    + "cluster's storage); cross = user u on node u mod N, each sending only to users of the next "
                    + "node, so that every delivery crosses nodes (default: ${DEFAULT-VALUE}).")
    Placement placement;

    @Override
    Scenario scenario() {
        PlacementConverter.check(placement, target);
        return new P2pScenario(users, rates, stepSeconds, warmupSeconds, graceSeconds, maxOutstanding, inFlight,
                generator, placement);
    }

    /** {@code sdk} / {@code raw}, in any case. */
    static final class GeneratorConverter implements CommandLine.ITypeConverter<MessageGenerator> {
        @Override
        public MessageGenerator convert(String value) {
            try {
                return MessageGenerator.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("--generator must be sdk or raw, not '" + value + "'");
            }
        }
    }
}
