package dev.parley.bench.measure;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The cluster's storage services at one moment: their cumulative CPU, PostgreSQL's WAL
 * position and the commits of the run's database. Any part may be unknown.
 */
public record ServicesReading(Optional<ServiceCpu.Totals> cpu, Optional<WalLsn> wal, OptionalLong commits) {
    public static final ServicesReading EMPTY = new ServicesReading(Optional.empty(), Optional.empty(),
            OptionalLong.empty());

    /** What was used from {@code earlier} to this reading. */
    public ServicesUsage since(ServicesReading earlier) {
        Optional<ServiceCpu.Totals> a = earlier.cpu();
        Optional<ServiceCpu.Totals> b = cpu;
        boolean cpuKnown = a.isPresent() && b.isPresent();
        return new ServicesUsage(
                cpuKnown && b.get().postgresProcs() > 0 ? Optional.of(b.get().postgres().minus(a.get().postgres()))
                        : Optional.empty(),
                cpuKnown && b.get().postgresProcs() > 0
                        ? Optional.of(b.get().benchBackends().minus(a.get().benchBackends())) : Optional.empty(),
                cpuKnown && b.get().redisProcs() > 0 ? Optional.of(b.get().redis().minus(a.get().redis()))
                        : Optional.empty(),
                wal.isPresent() && earlier.wal().isPresent()
                        ? OptionalLong.of(wal.get().bytesSince(earlier.wal().get())) : OptionalLong.empty(),
                commits.isPresent() && earlier.commits().isPresent()
                        ? OptionalLong.of(commits.getAsLong() - earlier.commits().getAsLong()) : OptionalLong.empty());
    }
}
