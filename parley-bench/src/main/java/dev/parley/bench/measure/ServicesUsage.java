package dev.parley.bench.measure;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a cluster's storage services did during a phase.
 *
 * @param postgres      CPU of every PostgreSQL process on this machine (shared with its other users)
 * @param benchBackends CPU of the PostgreSQL backends connected to the run's database (part of {@code postgres})
 * @param redis         CPU of every redis-server process on this machine (shared likewise)
 * @param walBytes      WAL written by the whole PostgreSQL server
 * @param commits       transactions committed in the run's database
 */
public record ServicesUsage(Optional<CpuTimes> postgres, Optional<CpuTimes> benchBackends, Optional<CpuTimes> redis,
                            OptionalLong walBytes, OptionalLong commits) {
    public static final ServicesUsage NONE = new ServicesUsage(Optional.empty(), Optional.empty(), Optional.empty(),
            OptionalLong.empty(), OptionalLong.empty());

    /** True when nothing about the services is known: not a cluster run. */
    public boolean isEmpty() {
        return postgres.isEmpty() && redis.isEmpty() && walBytes.isEmpty() && commits.isEmpty();
    }

    /** {@code cpu}'s microseconds per {@code count} (deliveries, say); empty if unknown or nothing counted. */
    public static OptionalDouble microsPer(Optional<CpuTimes> cpu, long count) {
        return cpu.isPresent() && count > 0 ? OptionalDouble.of(cpu.get().totalNanos() / 1e3 / count)
                : OptionalDouble.empty();
    }

    /** WAL bytes per {@code count}; empty if unknown or nothing counted. */
    public OptionalDouble walBytesPer(long count) {
        return walBytes.isPresent() && count > 0 ? OptionalDouble.of((double) walBytes.getAsLong() / count)
                : OptionalDouble.empty();
    }
}
