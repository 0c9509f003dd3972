package dev.parley.bench.measure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Measures one phase of a run: CPU of server, generator and machine, and the server's GC
 * pause time, between {@link #start()} and {@link #stop(Mark)}.
 */
public final class PhaseMeter {
    private final CpuMeter cpu;
    private final NodeMetrics node;
    private final OptionalLong serverPid;
    private final Supplier<List<Long>> generatorPids;

    /**
     * @param serverPid     the server process, if local, for CPU per thread group
     * @param generatorPids the generator processes, likewise
     */
    public PhaseMeter(CpuMeter cpu, NodeMetrics node, OptionalLong serverPid, Supplier<List<Long>> generatorPids) {
        this.cpu = cpu;
        this.node = node;
        this.serverPid = serverPid;
        this.generatorPids = generatorPids;
    }

    /** Readings at the start of a phase. */
    public record Mark(CpuMeter.Reading cpu, OptionalDouble serverGcSeconds, Map<String, Long> serverThreads,
                       Map<String, Long> generatorThreads) {
    }

    /**
     * What a phase used.
     *
     * @param serverThreadNanos    server CPU per thread group (see {@link ThreadCpu}); empty if unknown
     * @param generatorThreadNanos the same for all generator processes together
     */
    public record Usage(CpuUsage cpu, OptionalDouble serverGcPauseSeconds, Map<String, Long> serverThreadNanos,
                        Map<String, Long> generatorThreadNanos) {
    }

    public Mark start() {
        // GC first: the scrape is an HTTP request the CPU window should not include.
        OptionalDouble gc = node.gcPauseSeconds();
        return new Mark(cpu.read(), gc, serverThreads(), generatorThreads());
    }

    public Usage stop(Mark start) {
        CpuUsage used = cpu.between(start.cpu(), cpu.read());
        Map<String, Long> server = ThreadCpu.delta(start.serverThreads(), serverThreads());
        Map<String, Long> generator = ThreadCpu.delta(start.generatorThreads(), generatorThreads());
        OptionalDouble gc = node.gcPauseSeconds();
        OptionalDouble gcDelta = gc.isPresent() && start.serverGcSeconds().isPresent()
                ? OptionalDouble.of(gc.getAsDouble() - start.serverGcSeconds().getAsDouble())
                : OptionalDouble.empty();
        return new Usage(used, gcDelta, server, generator);
    }

    private Map<String, Long> serverThreads() {
        return serverPid.isPresent() ? ThreadCpu.byGroup(serverPid.getAsLong()) : Map.of();
    }

    private Map<String, Long> generatorThreads() {
        Map<String, Long> sum = new HashMap<>();
        generatorPids.get().forEach(pid -> ThreadCpu.byGroup(pid).forEach((g, n) -> sum.merge(g, n, Long::sum)));
        return sum;
    }

    /** The node's metrics endpoint. */
    public NodeMetrics nodeMetrics() {
        return node;
    }

    /** The CPU meter, for sampling during the phase. */
    public CpuMeter cpuMeter() {
        return cpu;
    }
}
