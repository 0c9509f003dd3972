package dev.parley.bench.scenario;

import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.load.GeneratorGroup;
import dev.parley.bench.measure.CpuSampler;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.report.Report;
import java.util.List;

/**
 * {@code connect}: {@code users} engines connect, {@code inFlight} at a time. Reports
 * connects per second and connect latency (from {@code connect()} to {@code onConnected}:
 * local database, navigation, socket, Connect/ConnectAck), with the CPU each side spent.
 * Tokens are fetched before the timed phase; the connections are closed after it.
 *
 * <p>Untimed rounds may come first: a warm-up of other users lets both JVMs compile the
 * connect path, as in a node that has been up for a while; with {@code returning} the timed
 * users themselves connect once before, so that their local databases exist, as when every
 * client reconnects after a node restart (creating a user's database is the SDK's largest
 * cost of a first connect).
 */
public final class ConnectScenario implements Scenario {
    private final int users;
    private final int inFlight;
    private final int warmupUsers;
    private final boolean returning;

    public ConnectScenario(int users, int inFlight, int warmupUsers, boolean returning) {
        if (users < 1 || inFlight < 1 || warmupUsers < 0) {
            throw new IllegalArgumentException("users and in-flight must be at least 1, warm-up at least 0");
        }
        this.users = users;
        this.inFlight = inFlight;
        this.warmupUsers = warmupUsers;
        this.returning = returning;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public Report run(ScenarioContext ctx) throws Exception {
        List<String> tokens = ctx.fetchTokens(users + warmupUsers);
        List<String> timed = tokens.subList(0, users);
        if (warmupUsers > 0) {
            ctx.untimedRound("warm-up", tokens.subList(users, tokens.size()), inFlight);
        }
        if (returning) {
            ctx.untimedRound("first connect", timed, inFlight);
        }
        try (GeneratorGroup generators = ctx.startGenerators(timed, inFlight)) {
            Report report = ctx.newReport(name())
                    .setup("users", users)
                    .setup("in flight", inFlight)
                    .setup("warm-up users (untimed, before)", warmupUsers)
                    .setup("kind of connect", returning ? "returning (connected once before: local databases exist)"
                            : "first connect (the SDK creates each user's local database)")
                    .setup("generators", ScenarioContext.describe(generators.layout()));
            PhaseMeter meter = ctx.phaseMeter(generators);
            ctx.progress().printf("Connecting %,d users, %,d in flight ...%n", users, inFlight);
            ctx.startServerRecording();
            PhaseMeter.Mark start = meter.start();
            try (CpuSampler sampler = CpuSampler.start(meter.cpuMeter(), 1000)) {
                ConnectResult result = generators.connectAll("connect", ctx.progress());
                ConnectFigures.add(report, result, meter.stop(start), sampler, true);
            }
            ctx.stopServerRecording();
            ctx.progress().println("Disconnecting ...");
            return report;
        }
    }
}
