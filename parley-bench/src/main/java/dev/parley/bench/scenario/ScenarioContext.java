package dev.parley.bench.scenario;

import dev.parley.bench.api.ServerApiClient;
import dev.parley.bench.api.TokenFetcher;
import dev.parley.bench.load.ConnectPlan;
import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.load.EngineFleet;
import dev.parley.bench.load.GeneratorGroup;
import dev.parley.bench.load.GeneratorLayout;
import dev.parley.bench.measure.CpuMeter;
import dev.parley.bench.measure.CpuSource;
import dev.parley.bench.measure.MachineInfo;
import dev.parley.bench.measure.NodeMetrics;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.node.AppSettings;
import dev.parley.bench.node.ClusterMember;
import dev.parley.bench.node.Node;
import dev.parley.bench.raw.RawFleet;
import dev.parley.bench.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What a scenario runs with: the node, the generator settings, a scratch directory, and the
 * steps every scenario shares (tokens, generators, CPU meter, a report with the setup filled in).
 */
public final class ScenarioContext {
    private static final Duration SESSIONS_CLOSED_WITHIN = Duration.ofSeconds(60);

    private final Node node;
    private final LoadSettings load;
    private final Path workDir;
    private final Path serverRecording;
    private final PrintStream progress;
    private final NodeMetrics nodeMetrics;
    // Distinct user ids per run: a rerun against the same node must not meet last run's sessions.
    private final String runTag = UUID.randomUUID().toString().substring(0, 8);

    /** @param serverRecording where to write a flight recording of the server's measured phase, or null */
    public ScenarioContext(Node node, LoadSettings load, Path workDir, Path serverRecording, PrintStream progress) {
        this.node = node;
        this.load = load;
        this.workDir = workDir;
        this.serverRecording = serverRecording;
        this.progress = progress;
        this.nodeMetrics = nodeMetrics(node);
    }

    /** The metrics of every node of the target, summed (one node: its own). */
    private static NodeMetrics nodeMetrics(Node node) {
        return new NodeMetrics(node.members().stream().map(ClusterMember::httpUrl).toList());
    }

    public Node node() {
        return node;
    }

    public PrintStream progress() {
        return progress;
    }

    /** Registers {@code count} users and fetches a token for each through the signed Server API. */
    public List<String> fetchTokens(int count) throws InterruptedException {
        List<String> userIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            userIds.add(userId(i));
        }
        progress.printf("Fetching %,d tokens from %s ...%n", count, node.naviUrl());
        TokenFetcher fetcher = new TokenFetcher(new ServerApiClient(node.naviUrl(), node.appKey(), node.appSecret()),
                load.tokenConcurrency());
        return fetcher.fetch(userIds, n -> progress.printf("  %,d tokens%n", n));
    }

    /** An id (of a group, say) that no other run against the same node uses. */
    public String runScopedId(String suffix) {
        return "bench-" + runTag + "-" + suffix;
    }

    /** The user id of the {@code i}-th token {@link #fetchTokens} returned. */
    public String userId(int i) {
        return "bench-" + runTag + "-" + i;
    }

    /** The signed Server API of the node (groups, messages), as the app server would call it. */
    public ServerApiClient serverApi() {
        return new ServerApiClient(node.naviUrl(), node.appKey(), node.appSecret());
    }

    /**
     * Engines for {@code tokens} in this JVM, not connected yet, so that listeners can be set
     * first. Messaging scenarios keep all engines in one process: the send time and the
     * receive time of a message then come from the same {@link System#nanoTime()} clock.
     *
     * @param firstIndex global index of {@code tokens[0]} (device ids stay distinct across fleets)
     */
    public EngineFleet localFleet(List<String> tokens, int firstIndex, int inFlight) {
        return localFleet(tokens, firstIndex, inFlight, i -> node.naviUrl());
    }

    /** The same, engine {@code i} of {@code tokens} navigating at {@code naviUrlOf(i)} (placed on a chosen node). */
    public EngineFleet localFleet(List<String> tokens, int firstIndex, int inFlight, IntFunction<String> naviUrlOf) {
        ConnectPlan plan = new ConnectPlan(node.naviUrl(), node.appKey(), tokens, firstIndex, inFlight,
                load.connectTimeoutSeconds(), load.sourceAddresses(), load.clientDataDir().toString(),
                load.timeLimitSeconds() * 1000L);
        return EngineFleet.create(plan, naviUrlOf);
    }

    /**
     * What a raw protocol fleet for {@code tokens} connects to and how, with this run's
     * generator settings; its sessions share one event loop per core of this machine.
     */
    public RawFleet.Plan rawFleetPlan(InetSocketAddress gateway, List<String> tokens, int inFlight) {
        return rawFleetPlan(gateway, tokens, 0, inFlight);
    }

    /** The same, {@code tokens[0]} being global index {@code firstIndex} (device ids, source addresses). */
    public RawFleet.Plan rawFleetPlan(InetSocketAddress gateway, List<String> tokens, int firstIndex, int inFlight) {
        return new RawFleet.Plan(gateway, node.appKey(), tokens, firstIndex, inFlight, load.connectTimeoutSeconds(),
                load.sourceAddresses(), Runtime.getRuntime().availableProcessors());
    }

    /** Connects every engine of {@code fleet} (untimed set-up); fails the run unless all connect. */
    public ConnectResult connectAllOrFail(EngineFleet fleet, String phase) throws InterruptedException {
        progress.printf("%s: connecting %,d engines ...%n", phase, fleet.engines().size());
        ConnectResult r = fleet.connectAll();
        progress.printf("%s: %,d connected, %,d failed in %.1f s%n", phase, r.connected(), r.failed(),
                r.elapsedNanos() / 1e9);
        if (r.failed() > 0) {
            throw new IllegalStateException(phase + ": " + r.failed() + " of " + r.attempted()
                    + " engines did not connect (" + r.failuresByCode() + ")");
        }
        return r;
    }

    /** Measures phases whose engines all run in this JVM ({@link #localFleet}). */
    public PhaseMeter phaseMeterThisJvm() {
        Supplier<List<Long>> self = () -> List.of(ProcessHandle.current().pid());
        return new PhaseMeter(new CpuMeter(node.probe()::cpuTimes, CpuSource.ofProcesses(self),
                node.sharesGeneratorJvm()), nodeMetrics(node), node.serverPids(), self, node.services());
    }

    /**
     * Lifts the app's per-connection send limit (5 messages/s by default) on a node the bench
     * started, and waits until the node has re-read its settings; records what was done in
     * {@code report}. A node at {@code --url} must have the limit lifted by its operator.
     */
    public void liftSendRateLimit(Report report) throws InterruptedException {
        if (node.liftSendRateLimit()) {
            progress.println("Send rate limit lifted (set-rate-limit --per-second 0 in " + node.settingsStore()
                    + "); waiting for the node to re-read it ...");
            Thread.sleep(AppSettings.NODE_REFRESH_MILLIS + 500);
            report.setup("send rate limit", "lifted (0 = none), written to " + node.settingsStore() + " before the run");
        } else {
            report.setup("send rate limit", "as the node's operator set it");
            report.note("Against a node at --url the per-connection send limit (5 messages/s by default) must be "
                    + "lifted first: `parley app set-rate-limit --app-key KEY --per-second 0 --data-dir DIR` (the "
                    + "node re-reads app settings every 2 s). Sends refused with 20604 mean it was not.");
        }
    }

    /** Creates the engines for {@code tokens} in as many generators as needed; nothing connects yet. */
    public GeneratorGroup startGenerators(List<String> tokens, int inFlight) throws IOException, InterruptedException {
        GeneratorLayout layout = GeneratorLayout.choose(load.generators(), tokens.size(),
                MachineInfo.maxFileDescriptors().orElse(Long.MAX_VALUE), node.sharesGeneratorJvm());
        ConnectPlan plan = new ConnectPlan(node.naviUrl(), node.appKey(), tokens, 0, inFlight,
                load.connectTimeoutSeconds(), load.sourceAddresses(), load.clientDataDir().toString(),
                load.timeLimitSeconds() * 1000L);
        progress.printf("Creating %,d engines in %s ...%n", tokens.size(), describe(layout));
        return GeneratorGroup.start(plan, layout, load.childJvmOptions(), workDir);
    }

    /**
     * Connects {@code tokens} and disconnects them again, unmeasured: warms up both JVMs (or
     * creates the users' local databases) before a measured phase, and waits until the node has
     * closed their sessions ({@link #awaitSessionsClosed}).
     *
     * @return the round's sessions the node still held when the wait ended
     */
    public long untimedRound(String phase, List<String> tokens, int inFlight) throws Exception {
        OptionalDouble before = nodeSessions();
        try (GeneratorGroup round = startGenerators(tokens, inFlight)) {
            progress.printf("%s: connecting %,d users (not measured) ...%n", phase, tokens.size());
            round.connectAll(phase, progress);
        }
        return awaitSessionsClosed(phase, before);
    }

    /** Sessions per node of the target now, in member order (one entry for a single node). */
    public List<OptionalDouble> sessionsPerNode() {
        return nodeMetrics.sessionsPerNode();
    }

    /**
     * For a cluster: a table of the sessions each node holds now (how navigation or the bench
     * spread the clients); nothing for a single node.
     */
    public void addSessionsPerNode(Report report, String when) {
        List<ClusterMember> members = node.members();
        if (members.size() < 2) {
            return;
        }
        List<OptionalDouble> sessions = sessionsPerNode();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            OptionalDouble s = sessions.get(i);
            rows.add(List.of(i + " (" + members.get(i).nodeId() + ")", s.isPresent()
                    ? String.format(java.util.Locale.ROOT, "%,.0f", s.getAsDouble()) : "?"));
        }
        report.table(new dev.parley.bench.report.Table("Sessions per node (each node's /metrics), " + when,
                List.of("node", "sessions"), rows));
    }

    /** The sessions the node holds now, if it exports them. */
    public OptionalDouble nodeSessions() {
        return nodeMetrics.sessions();
    }

    /**
     * After an untimed round has disconnected, waits (at most a minute) until the node holds
     * no more sessions than {@code before} it: a timed phase begun while the node still closes
     * thousands of warm-up sessions measures those closes as well (13 % of the event loops'
     * CPU in the first seconds of a profiled connect run).
     *
     * @return the round's sessions the node still held when the wait ended (0 once all closed)
     */
    public long awaitSessionsClosed(String phase, OptionalDouble before) throws InterruptedException {
        return awaitSessionsClosed(phase, before, SESSIONS_CLOSED_WITHIN);
    }

    long awaitSessionsClosed(String phase, OptionalDouble before, Duration within) throws InterruptedException {
        if (before.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        OptionalDouble now = nodeMetrics.sessions();
        while (now.isPresent() && now.getAsDouble() > before.getAsDouble() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = nodeMetrics.sessions();
        }
        long left = now.isPresent() ? Math.max(0, Math.round(now.getAsDouble() - before.getAsDouble())) : 0;
        if (left == 0) {
            progress.printf("%s: the node closed the round's sessions in %,d ms%n", phase,
                    (System.nanoTime() - start) / 1_000_000);
        } else {
            progress.printf("%s: the node still holds %,d of the round's sessions after %,d ms; going on%n", phase,
                    left, within.toMillis());
        }
        return left;
    }

    /** Measures phases: server, generator and machine CPU, and the server's GC pauses. */
    public PhaseMeter phaseMeter(GeneratorGroup generators) {
        return new PhaseMeter(new CpuMeter(node.probe()::cpuTimes, generators.cpu(), node.sharesGeneratorJvm()),
                nodeMetrics(node), node.serverPids(), generators::pids, node.services());
    }

    /** Starts the server's flight recording if one was asked for; call at the start of the measured phase. */
    public void startServerRecording() {
        if (serverRecording != null && !node.probe().startRecording(serverRecording)) {
            progress.println("Cannot record the server with JFR (not a local JVM, or jcmd failed); going on without.");
        }
    }

    /** Stops the server's flight recording, if any; call at the end of the measured phase. */
    public void stopServerRecording() {
        if (serverRecording != null && node.probe().stopRecording()) {
            progress.printf("Server flight recording written to %s%n", serverRecording.toAbsolutePath());
        }
    }

    /** A report for {@code scenario} with the node, generator settings and machine filled in. */
    public Report newReport(String scenario) {
        Report report = new Report(scenario, Instant.now()).setup("node", node.mode());
        if (node.members().size() > 1) {
            report.setup("server figures", "all " + node.members().size() + " nodes' processes together");
        }
        return report
                .setup("source addresses", load.sourceAddresses() == 0 ? "OS's choice" : load.sourceAddresses())
                .setup("connect timeout", load.connectTimeoutSeconds() + " s")
                .setup("client databases", load.clientDataDir())
                .machine(MachineInfo.describe());
    }

    static String describe(GeneratorLayout layout) {
        return layout.inThisJvm() ? "this JVM" : layout.processes() + " generator processes";
    }
}
