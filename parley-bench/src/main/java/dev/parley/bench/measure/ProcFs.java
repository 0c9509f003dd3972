package dev.parley.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads what Linux publishes about a process under {@code /proc/<pid>}: CPU time, resident
 * memory, open file descriptors. Every reading is empty where {@code /proc} is absent (not
 * Linux) or the process is gone, so a report leaves the figure out rather than invent it.
 */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    /** User and system CPU time of the process (all its threads). */
    public static Optional<CpuTimes> cpuTimes(long pid) {
        return read(PROC.resolve(pid + "/stat")).map(ProcFs::parseCpuTimes);
    }

    /** Resident set size ({@code VmRSS}) in bytes. */
    public static OptionalLong rssBytes(long pid) {
        return read(PROC.resolve(pid + "/status"))
                .map(ProcFs::parseVmRssBytes)
                .orElse(OptionalLong.empty());
    }

    /** Number of open file descriptors. */
    public static OptionalLong openFds(long pid) {
        try (Stream<Path> fds = Files.list(PROC.resolve(pid + "/fd"))) {
            return OptionalLong.of(fds.count());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * utime and stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line. The command name
     * (field 2) is in parentheses and may itself hold spaces and ')', so fields are counted
     * from the last ')'.
     */
    static CpuTimes parseCpuTimes(String statLine) {
        String[] rest = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // rest[0] is field 3 (state), so field n is rest[n - 3].
        return new CpuTimes(ClockTicks.toNanos(Long.parseLong(rest[14 - 3])),
                ClockTicks.toNanos(Long.parseLong(rest[15 - 3])));
    }

    static OptionalLong parseVmRssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
