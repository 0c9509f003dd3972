package dev.parley.bench.measure;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/** Cumulative CPU time of something: a process, or several processes together. */
@FunctionalInterface
public interface CpuSource {
    /** Empty when it cannot be read (another machine, not Linux, process gone). */
    Optional<CpuTimes> cpuTimes();

    CpuSource NONE = Optional::empty;

    /** The summed CPU time of the processes {@code pids} names at the time of each reading. */
    static CpuSource ofProcesses(Supplier<? extends Collection<Long>> pids) {
        return () -> {
            Optional<CpuTimes> sum = Optional.empty();
            for (long pid : pids.get()) {
                Optional<CpuTimes> cpu = ProcFs.cpuTimes(pid);
                if (cpu.isPresent()) {
                    sum = Optional.of(sum.orElse(CpuTimes.ZERO).plus(cpu.get()));
                }
            }
            return sum;
        };
    }
}
