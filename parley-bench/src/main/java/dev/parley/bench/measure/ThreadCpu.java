package dev.parley.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads, grouped by name with the thread numbers taken out
 * ({@code parley-io-3-1} and {@code parley-io-3-2} both count as {@code parley-io-N-N}). Set
 * side by side, the groups tell event loops from JIT compiler threads from GC workers: which
 * one ate the CPU says what to fix.
 */
public final class ThreadCpu {
    private ThreadCpu() {
    }

    /** Nanoseconds of CPU per thread group of live threads; empty if {@code /proc} cannot be read. */
    public static Map<String, Long> byGroup(long pid) {
        Map<String, Long> groups = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> ProcFs.read(task.resolve("stat")).ifPresent(stat ->
                    groups.merge(group(stat), ProcFs.parseCpuTimes(stat).totalNanos(), Long::sum)));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return groups;
    }

    /** CPU per group between two snapshots; a thread that ended in between is lost, not negative. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((group, nanos) -> {
            long d = nanos - before.getOrDefault(group, 0L);
            if (d > 0) {
                delta.put(group, d);
            }
        });
        return delta;
    }

    /**
     * The thread's name from a {@code /proc/<pid>/task/<tid>/stat} line, with the numbers that
     * count threads ({@code -3}, {@code #0}) replaced by N; "C2" in "C2 CompilerThread" stays.
     */
    static String group(String statLine) {
        String name = statLine.substring(statLine.indexOf('(') + 1, statLine.lastIndexOf(')'));
        return name.replaceAll("(?<=[-#])\\d+", "N");
    }
}
