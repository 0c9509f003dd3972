package dev.parley.bench.measure;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time spent by the whole machine (every process), from the first line of
 * {@code /proc/stat}. Set against the server's and the generator's own CPU it shows how much
 * went to other work on the box, which on a shared machine can distort a run.
 */
public final class MachineCpu {
    private MachineCpu() {
    }

    /** Busy (non-idle, non-iowait) CPU time of all cores since boot, in nanoseconds. */
    public static OptionalLong busyNanos() {
        return ProcFs.read(Path.of("/proc/stat"))
                .map(s -> OptionalLong.of(ClockTicks.toNanos(parseBusyTicks(s.lines().findFirst().orElse("")))))
                .orElse(OptionalLong.empty());
    }

    /** user + nice + system + irq + softirq + steal of a {@code cpu ...} line. */
    static long parseBusyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long busy = 0;
        int[] busyFields = {1, 2, 3, 6, 7, 8};
        for (int i : busyFields) {
            if (i < f.length) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }
}
