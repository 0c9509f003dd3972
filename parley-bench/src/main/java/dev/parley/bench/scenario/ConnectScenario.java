package dev.parley.bench.scenario;

import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.load.GeneratorGroup;
import dev.parley.bench.measure.CpuSampler;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.raw.GatewayLookup;
import dev.parley.bench.raw.RawFleet;
import dev.parley.bench.raw.RawListener;
import dev.parley.bench.report.Report;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalDouble;

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
 *
 * <p>With the {@link MessageGenerator#RAW raw} generator, raw protocol sessions in this JVM
 * connect instead of SDK engines: navigation is asked once beforehand (as by a returning SDK
 * user whose navigation answer is cached), and each connect is timed from opening the socket
 * to {@code ConnectAck} code 0, so that what is measured is the server's side of a connect.
 */
public final class ConnectScenario implements Scenario {
    static final String RAW_GENERATOR = "raw protocol clients: no SDK, no local database, no navigation per connect "
            + "(navigation asked once before; timed from the TCP connect to ConnectAck 0; the initial sync follows "
            + "untimed; one TCP session per user on a shared event loop group in this JVM)";

    private final int users;
    private final int inFlight;
    private final int warmupUsers;
    private final boolean returning;
    private final MessageGenerator generator;

    public ConnectScenario(int users, int inFlight, int warmupUsers, boolean returning) {
        this(users, inFlight, warmupUsers, returning, MessageGenerator.SDK);
    }

    public ConnectScenario(int users, int inFlight, int warmupUsers, boolean returning, MessageGenerator generator) {
        if (users < 1 || inFlight < 1 || warmupUsers < 0) {
            throw new IllegalArgumentException("users and in-flight must be at least 1, warm-up at least 0");
        }
        if (returning && generator == MessageGenerator.RAW) {
            throw new IllegalArgumentException("--returning is about the SDK's local databases; raw clients have none");
        }
        this.users = users;
        this.inFlight = inFlight;
        this.warmupUsers = warmupUsers;
        this.returning = returning;
        this.generator = generator;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public Report run(ScenarioContext ctx) throws Exception {
        List<String> tokens = ctx.fetchTokens(users + warmupUsers);
        List<String> timed = tokens.subList(0, users);
        if (generator == MessageGenerator.RAW) {
            return runRaw(ctx, timed, tokens.subList(users, tokens.size()));
        }
        long untimedLeft = 0;
        if (warmupUsers > 0) {
            untimedLeft += ctx.untimedRound("warm-up", tokens.subList(users, tokens.size()), inFlight);
        }
        if (returning) {
            untimedLeft += ctx.untimedRound("first connect", timed, inFlight);
        }
        try (GeneratorGroup generators = ctx.startGenerators(timed, inFlight)) {
            Report report = ctx.newReport(name())
                    .setup("users", users)
                    .setup("in flight", inFlight)
                    .setup("warm-up users (untimed, before)", warmupUsers)
                    .setup("kind of connect", returning ? "returning (connected once before: local databases exist)"
                            : "first connect (the SDK creates each user's local database)")
                    .setup("generator", MessageGenerator.SDK.description())
                    .setup("generators", ScenarioContext.describe(generators.layout()));
            if (ctx.node().members().size() > 1) {
                report.setup("navigation", "node 0's, as shipped: each engine is sent to the least loaded node");
            }
            PhaseMeter meter = ctx.phaseMeter(generators);
            ctx.progress().printf("Connecting %,d users, %,d in flight ...%n", users, inFlight);
            ctx.startServerRecording();
            PhaseMeter.Mark start = meter.start();
            try (CpuSampler sampler = CpuSampler.start(meter.cpuMeter(), 1000)) {
                ConnectResult result = generators.connectAll("connect", ctx.progress());
                ConnectFigures.add(report, result, meter.stop(start), sampler, true);
                report.figure("untimed_sessions_left", "Sessions of the untimed rounds the node still held when "
                        + "the timed phase began", untimedLeft, "");
            }
            ctx.addSessionsPerNode(report, "after the timed connects");
            ctx.stopServerRecording();
            ctx.progress().println("Disconnecting ...");
            return report;
        }
    }

    private Report runRaw(ScenarioContext ctx, List<String> timed, List<String> warmup) throws Exception {
        InetSocketAddress gateway = GatewayLookup.tcpGateway(ctx.node().naviUrl(), ctx.node().appKey(), timed.get(0));
        long untimedLeft = 0;
        if (!warmup.isEmpty()) {
            OptionalDouble before = ctx.nodeSessions();
            try (RawFleet round = RawFleet.create(ctx.rawFleetPlan(gateway, warmup, users, inFlight), RawListener.NONE)) {
                ctx.progress().printf("warm-up: connecting %,d raw protocol clients (not measured) ...%n", warmup.size());
                ConnectResult r = round.connectAll(RawFleet.Until.CONNECT_ACK);
                ctx.progress().printf("warm-up: %,d connected, %,d failed in %.1f s%n", r.connected(), r.failed(),
                        r.elapsedNanos() / 1e9);
            }
            untimedLeft = ctx.awaitSessionsClosed("warm-up", before);
        }
        try (RawFleet fleet = RawFleet.create(ctx.rawFleetPlan(gateway, timed, inFlight), RawListener.NONE)) {
            Report report = ctx.newReport(name())
                    .setup("users", users)
                    .setup("in flight", inFlight)
                    .setup("warm-up users (untimed, before)", warmupUsers)
                    .setup("generator", RAW_GENERATOR)
                    .setup("gateway", gateway.getHostString() + ":" + gateway.getPort() + " (" + fleet.transportName()
                            + ")")
                    .setup("client databases", "none")
                    .setup("generators", "this JVM");
            if (ctx.node().members().size() > 1) {
                report.note("Raw clients ask navigation once, so all of them connect to the node it named first; "
                        + "for connects spread by navigation over a cluster use the SDK generator.");
            }
            PhaseMeter meter = ctx.phaseMeterThisJvm();
            ctx.progress().printf("Connecting %,d raw protocol clients, %,d in flight ...%n", users, inFlight);
            ctx.startServerRecording();
            PhaseMeter.Mark start = meter.start();
            try (CpuSampler sampler = CpuSampler.start(meter.cpuMeter(), 1000)) {
                ConnectResult result = fleet.connectAll(RawFleet.Until.CONNECT_ACK);
                ctx.progress().printf("connect: %,d connected, %,d failed in %.1f s%n", result.connected(),
                        result.failed(), result.elapsedNanos() / 1e9);
                ConnectFigures.add(report, result, meter.stop(start), sampler, true);
                report.figure("untimed_sessions_left", "Sessions of the untimed rounds the node still held when "
                        + "the timed phase began", untimedLeft, "");
            }
            ctx.addSessionsPerNode(report, "after the timed connects");
            ctx.stopServerRecording();
            ctx.progress().println("Disconnecting ...");
            return report;
        }
    }
}
