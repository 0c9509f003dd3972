package dev.parley.bench.measure;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the server's, the generator's and the whole machine's CPU time together, so that
 * the difference of two readings tells who was busy during a phase.
 */
public final class CpuMeter {
    private final CpuSource server;
    private final CpuSource generator;
    private final boolean sameProcess;

    /**
     * @param sameProcess server and generator are one JVM (in-process node): their CPU time
     *                    cannot be told apart, and the report must say so
     */
    public CpuMeter(CpuSource server, CpuSource generator, boolean sameProcess) {
        this.server = server;
        this.generator = generator;
        this.sameProcess = sameProcess;
    }

    /** One reading of all three clocks. */
    public record Reading(long wallNanos, Optional<CpuTimes> server, Optional<CpuTimes> generator,
                          OptionalLong machineNanos) {
    }

    public Reading read() {
        return new Reading(System.nanoTime(), server.cpuTimes(), generator.cpuTimes(), MachineCpu.busyNanos());
    }

    /** CPU used between two readings. */
    public CpuUsage between(Reading from, Reading to) {
        OptionalLong machine = from.machineNanos().isPresent() && to.machineNanos().isPresent()
                ? OptionalLong.of(to.machineNanos().getAsLong() - from.machineNanos().getAsLong())
                : OptionalLong.empty();
        return new CpuUsage((to.wallNanos() - from.wallNanos()) / 1e9, delta(from.server(), to.server()),
                delta(from.generator(), to.generator()), machine, sameProcess);
    }

    private static Optional<CpuTimes> delta(Optional<CpuTimes> from, Optional<CpuTimes> to) {
        return from.isPresent() && to.isPresent() ? Optional.of(to.get().minus(from.get())) : Optional.empty();
    }
}
