package dev.parley.bench.scenario;

import dev.parley.bench.measure.ServicesUsage;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What a cluster run's storage services cost beside the nodes: PostgreSQL's and Redis's CPU,
 * WAL written and commits, for a whole phase and per delivered message. Both services are the
 * machine's own, shared with whoever else uses them meanwhile, and every line says so.
 */
final class ServiceFigures {
    static final String SHARED = "whole server, shared with other users of this machine";

    private ServiceFigures() {
    }

    /** The phase's totals; nothing outside a cluster run. */
    static void addPhase(Report r, String phase, ServicesUsage s) {
        if (s.isEmpty()) {
            return;
        }
        s.postgres().ifPresent(t -> r.figure(phase + "_postgres_cpu_seconds", "PostgreSQL CPU, " + phase + " phase ("
                + SHARED + ")", t.totalNanos() / 1e9, "s"));
        s.benchBackends().ifPresent(t -> r.figure(phase + "_postgres_bench_backends_cpu_seconds",
                "PostgreSQL CPU of the backends connected to the run's database, " + phase + " phase",
                t.totalNanos() / 1e9, "s"));
        s.redis().ifPresent(t -> r.figure(phase + "_redis_cpu_seconds", "Redis CPU, " + phase + " phase (" + SHARED
                + ")", t.totalNanos() / 1e9, "s"));
        s.walBytes().ifPresent(b -> r.figure(phase + "_postgres_wal_bytes", "PostgreSQL WAL written, " + phase
                + " phase (whole server)", b, "bytes"));
        s.commits().ifPresent(c -> r.figure(phase + "_postgres_commits", "PostgreSQL commits in the run's database, "
                + phase + " phase (pg_stat_database, flushed about once a second)", c, ""));
        if (s.postgres().isEmpty() || s.redis().isEmpty()) {
            r.note("PostgreSQL or Redis CPU unknown: no postgres / redis-server process was found in /proc (the "
                    + "service runs elsewhere, or in a container this bench cannot see into).");
        }
    }

    /** Per delivered message at step {@code s}: node, PostgreSQL, Redis CPU, WAL bytes; for the headline figures. */
    static void addPerDelivery(Report r, String key, String label, SteppedRun.Step s, String unit) {
        ServicesUsage u = s.usage().services();
        if (u.isEmpty()) {
            return;
        }
        long n = s.deliveredInWindow();
        s.serverMicrosPerDelivery().ifPresent(us -> r.figure(key + "_nodes_us", "All nodes' CPU per " + unit + " at "
                + label, us, "µs"));
        ServicesUsage.microsPer(u.postgres(), n).ifPresent(us -> r.figure(key + "_postgres_us", "PostgreSQL CPU per "
                + unit + " at " + label + " (" + SHARED + ")", us, "µs"));
        ServicesUsage.microsPer(u.benchBackends(), n).ifPresent(us -> r.figure(key + "_postgres_bench_backends_us",
                "PostgreSQL CPU per " + unit + " at " + label + ", of which the run's own backends", us, "µs"));
        ServicesUsage.microsPer(u.redis(), n).ifPresent(us -> r.figure(key + "_redis_us", "Redis CPU per " + unit
                + " at " + label + " (" + SHARED + ")", us, "µs"));
        u.walBytesPer(n).ifPresent(b -> r.figure(key + "_wal_bytes", "PostgreSQL WAL per " + unit + " at " + label,
                b, "bytes"));
    }

    /** One row per step: CPU per delivery of nodes, PostgreSQL and Redis, WAL per delivery, commits/s. */
    static void addStepTable(Report r, List<SteppedRun.Step> steps, String unit) {
        if (steps.isEmpty() || steps.get(0).usage().services().isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (SteppedRun.Step s : steps) {
            ServicesUsage u = s.usage().services();
            long n = s.deliveredInWindow();
            double seconds = s.windowSeconds();
            rows.add(List.of(s.label(),
                    String.format(Locale.ROOT, "%,.0f", s.deliveredPerSecond()),
                    one(s.serverMicrosPerDelivery()),
                    one(ServicesUsage.microsPer(u.postgres(), n)),
                    one(ServicesUsage.microsPer(u.benchBackends(), n)),
                    one(ServicesUsage.microsPer(u.redis(), n)),
                    one(u.walBytesPer(n)),
                    u.commits().isPresent() && seconds > 0
                            ? String.format(Locale.ROOT, "%,.0f", u.commits().getAsLong() / seconds) : "?"));
        }
        r.table(new Table("Cluster cost per " + unit + " by step (PostgreSQL and Redis: " + SHARED + ")",
                List.of("offered", unit + "/s", "nodes µs/" + unit, "PostgreSQL µs/" + unit,
                        "of which run's backends µs", "Redis µs/" + unit, "WAL bytes/" + unit, "commits/s"), rows));
    }

    private static String one(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f", v.getAsDouble()) : "?";
    }
}
