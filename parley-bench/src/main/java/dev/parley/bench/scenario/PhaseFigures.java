package dev.parley.bench.scenario;

import dev.parley.bench.measure.CpuSampler;
import dev.parley.bench.measure.CpuTimes;
import dev.parley.bench.measure.CpuUsage;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Table;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What any phase cost: CPU of server, generator and the rest of the machine (with kernel
 * shares and per-thread-group tables), server GC pauses, and a verdict on who limited it.
 */
final class PhaseFigures {
    private static final int THREAD_ROWS = 8;

    private PhaseFigures() {
    }

    /** Adds the figures, tables and verdict of phase {@code phase}, which ended with {@code connections} up. */
    static void add(Report r, String phase, PhaseMeter.Usage usage, CpuSampler sampler, int connections) {
        CpuUsage cpu = usage.cpu();
        String who = cpu.sameProcess() ? "Server + generator (one JVM)" : "Server";
        addServer(r, phase, who, usage, sampler, connections);
        if (!cpu.sameProcess()) {
            addGenerator(r, phase, cpu, sampler);
        }
        cpu.otherSeconds().ifPresent(s -> r.figure(phase + "_other_cpu_seconds",
                "Other processes' CPU, " + phase + " phase", s, "s"));
        ServiceFigures.addPhase(r, phase, usage.services());
        r.note(CpuVerdict.of(phase, cpu));
        if (!usage.serverThreadNanos().isEmpty()) {
            r.table(threadTable(phase, who, usage.serverThreadNanos()));
        }
        if (!cpu.sameProcess() && !usage.generatorThreadNanos().isEmpty()) {
            r.table(threadTable(phase, "Generator", usage.generatorThreadNanos()));
        }
    }

    private static void addServer(Report r, String phase, String who, PhaseMeter.Usage usage, CpuSampler sampler,
                                  int connections) {
        CpuUsage cpu = usage.cpu();
        if (cpu.server().isEmpty()) {
            r.note("Server CPU of the " + phase + " phase unknown: the node is not a process on this machine "
                    + "(give --server-pid if it is).");
        }
        cpu.server().ifPresent(times -> {
            r.figure(phase + "_server_cpu_seconds", who + " CPU, " + phase + " phase", times.totalNanos() / 1e9, "s");
            r.figure(phase + "_server_kernel_share", who + " CPU in the kernel, " + phase + " phase",
                    100 * times.systemShare(), "%");
            cpu.serverCores().ifPresent(c -> r.figure(phase + "_server_cores", who + " cores busy, " + phase
                    + " phase (mean)", c, "cores"));
            sampler.peakServerCores().ifPresent(c -> r.figure(phase + "_server_cores_peak", who + " cores busy, "
                    + phase + " phase (peak 1 s)", c, "cores"));
            if (connections > 0) {
                perConnection(r, phase, who, times, usage.serverThreadNanos(), connections, cpu.wallSeconds());
            }
        });
        usage.serverGcPauseSeconds().ifPresent(gc -> r.figure(phase + "_server_gc_pause_ms",
                "Server GC pauses, " + phase + " phase", gc * 1000, "ms"));
    }

    private static void addGenerator(Report r, String phase, CpuUsage cpu, CpuSampler sampler) {
        cpu.generator().ifPresent(times -> {
            r.figure(phase + "_generator_cpu_seconds", "Generator CPU, " + phase + " phase",
                    times.totalNanos() / 1e9, "s");
            r.figure(phase + "_generator_kernel_share", "Generator CPU in the kernel, " + phase + " phase",
                    100 * times.systemShare(), "%");
        });
        cpu.generatorCores().ifPresent(c -> r.figure(phase + "_generator_cores",
                "Generator cores busy, " + phase + " phase (mean)", c, "cores"));
        sampler.peakGeneratorCores().ifPresent(c -> r.figure(phase + "_generator_cores_peak",
                "Generator cores busy, " + phase + " phase (peak 1 s)", c, "cores"));
    }

    private static void perConnection(Report r, String phase, String who, CpuTimes times, Map<String, Long> threads,
                                      int connections, double wallSeconds) {
        if (phase.equals("connect")) {
            r.figure("server_cpu_ms_per_connect", who + " CPU per connect", times.totalNanos() / 1e6 / connections,
                    "ms");
            if (!threads.isEmpty()) {
                // A young JVM still compiles the connect path; without the compiler threads is the steady state.
                long jit = threads.entrySet().stream().filter(e -> isJit(e.getKey())).mapToLong(Map.Entry::getValue).sum();
                r.figure("server_cpu_ms_per_connect_without_jit", who + " CPU per connect, without JIT compiler threads",
                        (times.totalNanos() - jit) / 1e6 / connections, "ms");
            }
        } else if (wallSeconds > 0) {
            // Per minute, because a held connection's cost is its heartbeats: two a minute by default.
            r.figure(phase + "_server_cpu_us_per_connection_minute", who + " CPU per connection per minute, " + phase
                    + " phase", times.totalNanos() / 1e3 / connections / wallSeconds * 60, "µs");
        }
    }

    // HotSpot's compiler threads: "C1 CompilerThread0", "C2 CompilerThread1" (15 characters in /proc).
    private static boolean isJit(String threadGroup) {
        return threadGroup.startsWith("C1 Compiler") || threadGroup.startsWith("C2 Compiler");
    }

    private static Table threadTable(String phase, String who, Map<String, Long> nanosByGroup) {
        long total = nanosByGroup.values().stream().mapToLong(Long::longValue).sum();
        List<List<String>> rows = nanosByGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(THREAD_ROWS)
                .map(e -> List.of(e.getKey(), String.format(Locale.ROOT, "%.2f", e.getValue() / 1e9),
                        String.format(Locale.ROOT, "%.0f %%", 100.0 * e.getValue() / Math.max(1, total))))
                .toList();
        return new Table(who + " CPU by thread group, " + phase + " phase", List.of("threads", "CPU s", "share"), rows);
    }
}
