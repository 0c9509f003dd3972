package dev.parley.bench.measure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Measures one phase of a run: CPU of server, generator and machine, the server's GC pause
 * time, and in a cluster run the storage services' CPU, WAL and commits, between
 * {@link #start()} and {@link #stop(Mark)}.
 */
public final class PhaseMeter {
    private final CpuMeter cpu;
    private final NodeMetrics node;
    private final List<Long> serverPids;
    private final Supplier<List<Long>> generatorPids;
    private final ServicesMeter services;

    /**
     * @param serverPid     the server process, if local, for CPU per thread group
     * @param generatorPids the generator processes, likewise
     */
    public PhaseMeter(CpuMeter cpu, NodeMetrics node, OptionalLong serverPid, Supplier<List<Long>> generatorPids) {
        this(cpu, node, serverPid.isPresent() ? List.of(serverPid.getAsLong()) : List.of(), generatorPids,
                ServicesMeter.NONE);
    }

    /**
     * @param serverPids every server process (the nodes of a cluster), for CPU per thread group summed over them
     * @param services   the cluster's storage services, or {@link ServicesMeter#NONE}
     */
    public PhaseMeter(CpuMeter cpu, NodeMetrics node, List<Long> serverPids, Supplier<List<Long>> generatorPids,
                      ServicesMeter services) {
        this.cpu = cpu;
        this.node = node;
        this.serverPids = List.copyOf(serverPids);
        this.generatorPids = generatorPids;
        this.services = services;
    }

    /** Readings at the start of a phase. */
    public record Mark(CpuMeter.Reading cpu, OptionalDouble serverGcSeconds, Map<String, Long> serverThreads,
                       Map<String, Long> generatorThreads, ServicesReading services) {
    }

    /**
     * What a phase used.
     *
     * @param serverThreadNanos    server CPU per thread group (see {@link ThreadCpu}); empty if unknown
     * @param generatorThreadNanos the same for all generator processes together
     * @param services             the storage services' share ({@link ServicesUsage#NONE} outside a cluster run)
     */
    public record Usage(CpuUsage cpu, OptionalDouble serverGcPauseSeconds, Map<String, Long> serverThreadNanos,
                        Map<String, Long> generatorThreadNanos, ServicesUsage services) {
    }

    public Mark start() {
        // GC first: the scrape is an HTTP request the CPU window should not include.
        OptionalDouble gc = node.gcPauseSeconds();
        ServicesReading storage = services.read();
        return new Mark(cpu.read(), gc, serverThreads(), generatorThreads(), storage);
    }

    public Usage stop(Mark start) {
        CpuUsage used = cpu.between(start.cpu(), cpu.read());
        ServicesUsage storage = services.read().since(start.services());
        Map<String, Long> server = ThreadCpu.delta(start.serverThreads(), serverThreads());
        Map<String, Long> generator = ThreadCpu.delta(start.generatorThreads(), generatorThreads());
        OptionalDouble gc = node.gcPauseSeconds();
        OptionalDouble gcDelta = gc.isPresent() && start.serverGcSeconds().isPresent()
                ? OptionalDouble.of(gc.getAsDouble() - start.serverGcSeconds().getAsDouble())
                : OptionalDouble.empty();
        return new Usage(used, gcDelta, server, generator, storage);
    }

    private Map<String, Long> serverThreads() {
        if (serverPids.size() == 1) {
            return ThreadCpu.byGroup(serverPids.get(0));
        }
        Map<String, Long> sum = new HashMap<>();
        serverPids.forEach(pid -> ThreadCpu.byGroup(pid).forEach((g, n) -> sum.merge(g, n, Long::sum)));
        return sum;
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
