package dev.parley.bench.scenario;

import dev.parley.bench.api.ServerApiClient;
import dev.parley.bench.api.TokenFetcher;
import dev.parley.bench.load.ConnectPlan;
import dev.parley.bench.load.GeneratorGroup;
import dev.parley.bench.load.GeneratorLayout;
import dev.parley.bench.measure.CpuMeter;
import dev.parley.bench.measure.MachineInfo;
import dev.parley.bench.measure.NodeMetrics;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.node.Node;
import dev.parley.bench.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a scenario runs with: the node, the generator settings, a scratch directory, and the
 * steps every scenario shares (tokens, generators, CPU meter, a report with the setup filled in).
 */
public final class ScenarioContext {
    private final Node node;
    private final LoadSettings load;
    private final Path workDir;
    private final Path serverRecording;
    private final PrintStream progress;
    // Distinct user ids per run: a rerun against the same node must not meet last run's sessions.
    private final String runTag = UUID.randomUUID().toString().substring(0, 8);

    /** @param serverRecording where to write a flight recording of the server's measured phase, or null */
    public ScenarioContext(Node node, LoadSettings load, Path workDir, Path serverRecording, PrintStream progress) {
        this.node = node;
        this.load = load;
        this.workDir = workDir;
        this.serverRecording = serverRecording;
        this.progress = progress;
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
            userIds.add("bench-" + runTag + "-" + i);
        }
        progress.printf("Fetching %,d tokens from %s ...%n", count, node.naviUrl());
        TokenFetcher fetcher = new TokenFetcher(new ServerApiClient(node.naviUrl(), node.appKey(), node.appSecret()),
                load.tokenConcurrency());
        return fetcher.fetch(userIds, n -> progress.printf("  %,d tokens%n", n));
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
     * creates the users' local databases) before a measured phase.
     */
    public void untimedRound(String phase, List<String> tokens, int inFlight) throws Exception {
        try (GeneratorGroup round = startGenerators(tokens, inFlight)) {
            progress.printf("%s: connecting %,d users (not measured) ...%n", phase, tokens.size());
            round.connectAll(phase, progress);
        }
    }

    /** Measures phases: server, generator and machine CPU, and the server's GC pauses. */
    public PhaseMeter phaseMeter(GeneratorGroup generators) {
        return new PhaseMeter(new CpuMeter(node.probe()::cpuTimes, generators.cpu(), node.sharesGeneratorJvm()),
                new NodeMetrics(node.naviUrl()), node.probe().pid(), generators::pids);
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
        return new Report(scenario, Instant.now())
                .setup("node", node.mode())
                .setup("source addresses", load.sourceAddresses() == 0 ? "OS's choice" : load.sourceAddresses())
                .setup("connect timeout", load.connectTimeoutSeconds() + " s")
                .setup("client databases", load.clientDataDir())
                .machine(MachineInfo.describe());
    }

    static String describe(GeneratorLayout layout) {
        return layout.inThisJvm() ? "this JVM" : layout.processes() + " generator processes";
    }
}
