package dev.parley.bench.scenario;

import dev.parley.bench.measure.CpuUsage;
import java.util.Locale;

/**
 * One sentence on who used the CPU during a phase, so a reader knows whether a figure
 * describes the server or the machine the test ran on.
 */
final class CpuVerdict {
    // At this share of all cores the machine itself is the limit; at this share of one core, a side is.
    private static final double SATURATED = 0.9;

    private CpuVerdict() {
    }

    static String of(String phase, CpuUsage cpu) {
        int cores = Runtime.getRuntime().availableProcessors();
        double machine = cpu.machineCores().orElse(Double.NaN);
        double server = cpu.serverCores().orElse(Double.NaN);
        double generator = cpu.generatorCores().orElse(Double.NaN);
        double other = cpu.otherSeconds().orElse(Double.NaN) / Math.max(cpu.wallSeconds(), 1e-9);
        String split = cpu.sameProcess()
                ? String.format(Locale.ROOT, "server + generator %.2f, others %.2f", generator, other)
                : String.format(Locale.ROOT, "server %.2f, generator %.2f, others %.2f", server, generator, other);
        String head = String.format(Locale.ROOT, "CPU in the %s phase (cores, mean): machine %.2f of %d; %s. ",
                phase, machine, cores, split);
        if (cpu.sameProcess()) {
            return head + "Server and generator share one JVM, so their CPU cannot be told apart: use "
                    + "--server-process for figures that separate them.";
        }
        if (machine >= SATURATED * cores) {
            String who = generator > server
                    ? String.format(Locale.ROOT, "the generator used %.1f× the server's CPU, so it, not the server, "
                    + "is the limit", generator / server)
                    : "the server used the most";
            return head + "The machine's CPU was saturated, so the figure is bounded by the box; " + who + ".";
        }
        if (server >= SATURATED) {
            return head + "The server kept a core busy: server CPU is the likely limit.";
        }
        if (generator >= SATURATED) {
            return head + "The generator kept a core busy: the generator is the likely limit.";
        }
        return head + "Neither side saturated a core: round trips, timers or queueing rather than CPU bound the "
                + "phase.";
    }
}
