package dev.parley.bench.measure;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * CPU time spent during one phase of a run. "Cores" is CPU time over wall time: 1.0 means one
 * core kept fully busy. On a 2-core machine a generator near 1.0–2.0 cores, or a machine total
 * near 2.0, means the figures describe the box rather than the server.
 *
 * @param sameProcess server and generator are the same JVM, so their figures are one and the same
 */
public record CpuUsage(double wallSeconds, Optional<CpuTimes> server, Optional<CpuTimes> generator,
                       OptionalLong machineNanos, boolean sameProcess) {

    public OptionalDouble serverSeconds() {
        return seconds(server);
    }

    public OptionalDouble generatorSeconds() {
        return seconds(generator);
    }

    public OptionalDouble serverCores() {
        return cores(server.map(CpuTimes::totalNanos));
    }

    public OptionalDouble generatorCores() {
        return cores(generator.map(CpuTimes::totalNanos));
    }

    public OptionalDouble machineCores() {
        return machineNanos.isPresent() ? cores(Optional.of(machineNanos.getAsLong())) : OptionalDouble.empty();
    }

    /** CPU the rest of the machine used meanwhile (other people's builds, the kernel's own threads). */
    public OptionalDouble otherSeconds() {
        if (machineNanos.isEmpty() || generator.isEmpty() || (!sameProcess && server.isEmpty())) {
            return OptionalDouble.empty();
        }
        long ours = generator.get().totalNanos() + (sameProcess ? 0 : server.get().totalNanos());
        return OptionalDouble.of(Math.max(0, machineNanos.getAsLong() - ours) / 1e9);
    }

    private static OptionalDouble seconds(Optional<CpuTimes> times) {
        return times.map(t -> OptionalDouble.of(t.totalNanos() / 1e9)).orElse(OptionalDouble.empty());
    }

    private OptionalDouble cores(Optional<Long> nanos) {
        return nanos.isPresent() && wallSeconds > 0 ? OptionalDouble.of(nanos.get() / 1e9 / wallSeconds)
                : OptionalDouble.empty();
    }
}
