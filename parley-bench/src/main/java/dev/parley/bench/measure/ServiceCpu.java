package dev.parley.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU of the services a cluster stores in, found in {@code /proc} by command name: every
 * {@code postgres} process and every {@code redis-server} process on this machine. Each
 * process counts with its own time and the time of its children it has reaped (fields 14-17
 * of {@code /proc/<pid>/stat}): PostgreSQL's postmaster reaps the backends that exit, so a
 * connection closed during a phase does not take its CPU out of the sum.
 *
 * <p>The machine's PostgreSQL and Redis may serve others too (other benches, other tests):
 * the sums are of the whole servers. PostgreSQL backends connected to the run's own database
 * are told apart by their process title ({@code postgres: ... user DB host(port) state}), so
 * the report can show how much of PostgreSQL's CPU the run's own connections spent; the WAL
 * writer, checkpointer and background writer serve every database and count only in the whole.
 */
public final class ServiceCpu {
    public static final String POSTGRES = "postgres";
    public static final String REDIS = "redis-server";
    private static final Path PROC = Path.of("/proc");

    private ServiceCpu() {
    }

    /** One process of a service as {@code /proc} showed it. */
    public record Proc(long pid, String comm, String cmdline, CpuTimes own, CpuTimes reapedChildren) {
        CpuTimes total() {
            return own.plus(reapedChildren);
        }
    }

    /**
     * Cumulative CPU of the services at one moment.
     *
     * @param postgres      every {@code postgres} process
     * @param benchBackends the PostgreSQL backends connected to the run's database (part of {@code postgres})
     * @param redis         every {@code redis-server} process
     * @param postgresProcs how many {@code postgres} processes there were (0: none on this machine)
     * @param redisProcs    how many {@code redis-server} processes there were
     */
    public record Totals(CpuTimes postgres, CpuTimes benchBackends, CpuTimes redis, int postgresProcs,
                         int redisProcs) {
    }

    /** Scans {@code /proc} now; empty where there is no {@code /proc} (not Linux). */
    public static Optional<Totals> read(String benchDatabase) {
        if (!Files.isDirectory(PROC)) {
            return Optional.empty();
        }
        return Optional.of(totals(scan(), benchDatabase));
    }

    /** Sums {@code procs} by service; backends whose title names {@code benchDatabase} also count apart. */
    public static Totals totals(List<Proc> procs, String benchDatabase) {
        CpuTimes pg = CpuTimes.ZERO;
        CpuTimes bench = CpuTimes.ZERO;
        CpuTimes redis = CpuTimes.ZERO;
        int pgProcs = 0;
        int redisProcs = 0;
        for (Proc p : procs) {
            if (p.comm().equals(POSTGRES)) {
                pg = pg.plus(p.total());
                pgProcs++;
                if (servesDatabase(p.cmdline(), benchDatabase)) {
                    bench = bench.plus(p.total());
                }
            } else if (p.comm().equals(REDIS)) {
                redis = redis.plus(p.total());
                redisProcs++;
            }
        }
        return new Totals(pg, bench, redis, pgProcs, redisProcs);
    }

    /**
     * True for a backend's process title {@code postgres: [cluster: ]user database host(port) state}
     * whose database is {@code database}.
     */
    static boolean servesDatabase(String cmdline, String database) {
        if (database == null || !cmdline.startsWith("postgres:")) {
            return false;
        }
        String[] words = cmdline.substring("postgres:".length()).trim().split("\\s+");
        for (int i = 1; i < words.length; i++) {
            // the word after the user; a cluster name such as "15/main:" ends in a colon and is skipped
            if (words[i].equals(database) && !words[i - 1].endsWith(":")) {
                return true;
            }
        }
        return false;
    }

    private static List<Proc> scan() {
        List<Proc> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString()).filter(ServiceCpu::isPid).forEach(pid -> {
                Optional<String> comm = ProcFs.read(PROC.resolve(pid + "/comm")).map(String::strip);
                if (comm.isPresent() && (comm.get().equals(POSTGRES) || comm.get().equals(REDIS))) {
                    Optional<String> stat = ProcFs.read(PROC.resolve(pid + "/stat"));
                    String cmdline = ProcFs.read(PROC.resolve(pid + "/cmdline")).orElse("").replace('\0', ' ').strip();
                    stat.ifPresent(s -> out.add(parse(Long.parseLong(pid), comm.get(), cmdline, s)));
                }
            });
        } catch (IOException | RuntimeException e) {
            // a process gone mid-scan, or no /proc: what was read so far
        }
        return out;
    }

    /** utime, stime, cutime, cstime: fields 14-17, counted from the last ')' as in {@link ProcFs}. */
    static Proc parse(long pid, String comm, String cmdline, String statLine) {
        String[] rest = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        CpuTimes own = new CpuTimes(ClockTicks.toNanos(Long.parseLong(rest[14 - 3])),
                ClockTicks.toNanos(Long.parseLong(rest[15 - 3])));
        CpuTimes children = new CpuTimes(ClockTicks.toNanos(Long.parseLong(rest[16 - 3])),
                ClockTicks.toNanos(Long.parseLong(rest[17 - 3])));
        return new Proc(pid, comm, cmdline, own, children);
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
