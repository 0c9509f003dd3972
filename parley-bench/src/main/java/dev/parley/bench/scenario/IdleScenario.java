package dev.parley.bench.scenario;

import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.load.GeneratorGroup;
import dev.parley.bench.measure.ClassHistogram;
import dev.parley.bench.measure.CpuSampler;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.measure.ServerProbe;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Table;
import dev.parley.bench.report.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code idle}: opens {@code connections} authenticated connections and holds them, then
 * reports the server's resident memory per connection: after a full GC before connecting
 * versus after a full GC with every connection up. Also the live heap per connection, the
 * classes that grew (what a connection is made of), and the server CPU that merely holding
 * them costs (heartbeats) over a hold period.
 */
public final class IdleScenario implements Scenario {
    /** Issue target: server memory per idle authenticated connection. */
    static final Target KIB_PER_CONNECTION = Target.atMost(4);
    private static final int CLASS_ROWS = 15;

    private final int connections;
    private final int inFlight;
    private final int warmupUsers;
    private final int holdSeconds;
    private final boolean classHistogram;

    /**
     * @param warmupUsers    users connected and disconnected before the baseline, so that the
     *                       JIT's code and Netty's buffer pools for the connect path already
     *                       exist and are not counted as the connections' memory
     * @param holdSeconds    how long to hold the connections after measuring memory
     * @param classHistogram also take the server's class histograms (two more full GCs)
     */
    public IdleScenario(int connections, int inFlight, int warmupUsers, int holdSeconds, boolean classHistogram) {
        if (connections < 1 || inFlight < 1 || warmupUsers < 0 || holdSeconds < 0) {
            throw new IllegalArgumentException("connections and in-flight must be at least 1, warm-up and hold at "
                    + "least 0");
        }
        this.connections = connections;
        this.inFlight = inFlight;
        this.warmupUsers = warmupUsers;
        this.holdSeconds = holdSeconds;
        this.classHistogram = classHistogram;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public Report run(ScenarioContext ctx) throws Exception {
        List<String> tokens = ctx.fetchTokens(connections + warmupUsers);
        if (warmupUsers > 0) {
            ctx.untimedRound("warm-up", tokens.subList(connections, tokens.size()), inFlight);
        }
        ServerProbe probe = ctx.node().probe();
        try (GeneratorGroup generators = ctx.startGenerators(tokens.subList(0, connections), inFlight)) {
            Report report = ctx.newReport(name())
                    .setup("connections", connections)
                    .setup("in flight", inFlight)
                    .setup("warm-up users (connected and gone before the baseline)", warmupUsers)
                    .setup("hold", holdSeconds + " s")
                    .setup("generators", ScenarioContext.describe(generators.layout()));
            PhaseMeter meter = ctx.phaseMeter(generators);

            ctx.progress().println("Baseline: full GC in the server ...");
            ServerMemory before = ServerMemory.afterFullGc(probe, classHistogram);
            boolean nativeTracking = probe.nativeMemoryBaseline();

            ctx.progress().printf("Opening %,d connections, %,d in flight ...%n", connections, inFlight);
            ctx.startServerRecording();
            PhaseMeter.Mark start = meter.start();
            ConnectResult result;
            try (CpuSampler sampler = CpuSampler.start(meter.cpuMeter(), 1000)) {
                result = generators.connectAll("idle", ctx.progress());
                ConnectFigures.add(report, result, meter.stop(start), sampler, false);
            }
            ctx.stopServerRecording();
            OptionalLong rssBeforeGc = probe.rssBytes();

            ctx.progress().println("Holding: full GC in the server ...");
            ServerMemory after = ServerMemory.afterFullGc(probe, classHistogram);
            addMemory(report, result.connected(), before, after, rssBeforeGc);
            if (nativeTracking && result.connected() > 0) {
                probe.nativeMemoryGrowth().ifPresent(g -> report.table(nativeTable(g, result.connected())));
            } else if (!ctx.node().sharesGeneratorJvm()) {
                report.note("For where the resident memory went (heap, GC structures, code, Netty's direct memory), "
                        + "run the server with -XX:NativeMemoryTracking=summary (--server-jvm-opts).");
            }

            if (holdSeconds > 0) {
                ctx.progress().printf("Holding %,d connections for %d s ...%n", result.connected(), holdSeconds);
                PhaseMeter.Mark holdStart = meter.start();
                try (CpuSampler sampler = CpuSampler.start(meter.cpuMeter(), 1000)) {
                    Thread.sleep(holdSeconds * 1000L);
                    PhaseFigures.add(report, "hold", meter.stop(holdStart), sampler, result.connected());
                }
            }
            int stillUp = generators.connectedNow();
            report.figure("connected_at_end", "Still connected at the end", stillUp, "");
            if (result.connected() < connections) {
                report.note(String.format(Locale.ROOT, "Only %,d of %,d connections opened.", result.connected(),
                        connections));
            }
            if (ctx.node().sharesGeneratorJvm()) {
                report.note("In-process node: the resident memory above includes the generator's engines, so the "
                        + "per-connection figure is far too high. Use --server-process for the server's own.");
            }
            ctx.progress().println("Disconnecting ...");
            return report;
        }
    }

    private void addMemory(Report r, int held, ServerMemory before, ServerMemory after, OptionalLong rssBeforeGc) {
        if (before.rssBytes().isEmpty() || after.rssBytes().isEmpty()) {
            r.note("Server memory unknown: the node is not a process on this machine (give --server-pid if it is).");
            return;
        }
        long base = before.rssBytes().getAsLong();
        r.figure("server_rss_baseline_mib", "Server RSS before connections (after full GC)", base / 1048576.0, "MiB");
        r.figure("server_rss_held_mib", "Server RSS holding them (after full GC)",
                after.rssBytes().getAsLong() / 1048576.0, "MiB");
        if (held == 0) {
            return;
        }
        r.figure("server_rss_per_connection_kib", "Server RSS per idle connection (after full GC)",
                (after.rssBytes().getAsLong() - base) / 1024.0 / held, "KiB", KIB_PER_CONNECTION);
        rssBeforeGc.ifPresent(rss -> r.figure("server_rss_per_connection_before_gc_kib",
                "Server RSS per idle connection (before GC)", (rss - base) / 1024.0 / held, "KiB"));
        if (before.heapBytes().isPresent() && after.heapBytes().isPresent()) {
            r.figure("server_heap_per_connection_kib", "Server live heap per idle connection",
                    (after.heapBytes().getAsLong() - before.heapBytes().getAsLong()) / 1024.0 / held, "KiB");
        }
        if (before.openFds().isPresent() && after.openFds().isPresent()) {
            r.figure("server_fds_held", "Server open file descriptors holding them", after.openFds().getAsLong(), "");
        }
        if (before.classes().isPresent() && after.classes().isPresent()) {
            r.table(classTable(after.classes().get().growthSince(before.classes().get(), CLASS_ROWS), held));
        }
    }

    private static Table nativeTable(Map<String, Long> growth, int held) {
        List<List<String>> rows = growth.entrySet().stream()
                .filter(e -> e.getValue() != 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> List.of(e.getKey(), String.format(Locale.ROOT, "%,d", e.getValue() / 1024),
                        String.format(Locale.ROOT, "%.0f", e.getValue() / (double) held)))
                .toList();
        return new Table("Server committed memory growth by NMT category, baseline to holding (after full GC)",
                List.of("category", "KiB", "bytes / connection"), rows);
    }

    private static Table classTable(List<ClassHistogram.Entry> growth, int held) {
        List<List<String>> rows = new ArrayList<>();
        for (ClassHistogram.Entry e : growth) {
            rows.add(List.of(e.className(), String.format(Locale.ROOT, "%.2f", e.instances() / (double) held),
                    String.format(Locale.ROOT, "%.0f", e.bytes() / (double) held)));
        }
        return new Table("Server live objects per idle connection (class histogram growth, top " + CLASS_ROWS + ")",
                List.of("class", "instances / connection", "bytes / connection"), rows);
    }
}
