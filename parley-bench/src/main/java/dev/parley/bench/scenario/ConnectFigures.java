package dev.parley.bench.scenario;

import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.measure.CpuSampler;
import dev.parley.bench.measure.LatencySummary;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Target;
import java.util.Optional;
import java.util.stream.Collectors;

/** The figures of a connect phase: rate, latency, outcomes, then the phase's usage ({@link PhaseFigures}). */
final class ConnectFigures {
    /** Issue targets for the connect scenario. */
    static final Target CONNECTS_PER_SECOND = Target.atLeast(4000);
    static final Target P99_MILLIS = Target.below(100);

    private ConnectFigures() {
    }

    /**
     * Adds rate, latency percentiles, outcomes, CPU and GC of a connect phase.
     *
     * @param withTargets hold rate and p99 against the connect targets (the idle scenario's
     *                    connect phase is only a means, so it does not)
     */
    static void add(Report r, ConnectResult result, PhaseMeter.Usage usage, CpuSampler sampler, boolean withTargets) {
        double seconds = result.elapsedNanos() / 1e9;
        double rate = seconds > 0 ? result.connected() / seconds : 0;
        LatencySummary latency = LatencySummary.of(result.latencyMicros());
        r.figure("connected", "Connected", result.connected(), "");
        r.figure("failed", "Failed", result.failed(), "");
        r.figure("connect_phase_seconds", "Connect phase wall time", seconds, "s");
        figure(r, "connects_per_second", "Connects per second", rate, "connects/s",
                withTargets ? Optional.of(CONNECTS_PER_SECOND) : Optional.empty());
        r.figure("connect_p50_ms", "Connect latency p50", latency.p50Ms(), "ms");
        r.figure("connect_p90_ms", "Connect latency p90", latency.p90Ms(), "ms");
        figure(r, "connect_p99_ms", "Connect latency p99", latency.p99Ms(), "ms",
                withTargets ? Optional.of(P99_MILLIS) : Optional.empty());
        r.figure("connect_p999_ms", "Connect latency p99.9", latency.p999Ms(), "ms");
        r.figure("connect_max_ms", "Connect latency max", latency.maxMs(), "ms");
        if (result.failed() > 0) {
            r.note("Failures by status code: " + result.failuresByCode().entrySet().stream()
                    .map(e -> codeName(e.getKey()) + " × " + e.getValue())
                    .collect(Collectors.joining(", ")) + ".");
        }
        PhaseFigures.add(r, "connect", usage, sampler, result.connected());
        r.figure("connect_generator_gc_ms", "Generator GC time, connect phase", result.gcMillis(), "ms");
    }

    private static String codeName(int code) {
        return switch (code) {
            case ConnectResult.NO_ANSWER -> "no answer";
            case ConnectResult.NOT_STARTED -> "not started (time limit)";
            default -> Integer.toString(code);
        };
    }

    private static void figure(Report r, String key, String label, double value, String unit, Optional<Target> target) {
        if (target.isPresent()) {
            r.figure(key, label, value, unit, target.get());
        } else {
            r.figure(key, label, value, unit);
        }
    }
}
