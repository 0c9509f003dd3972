package dev.parley.bench.load;

import dev.parley.bench.measure.LatencyRecorder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Outcome of connecting a batch of engines: how many were tried, connected and refused (by
 * status code), how long it took, and the connect latencies in microseconds.
 *
 * @param failuresByCode e.g. 34006 (timed out), 31004 (token refused), {@link #NO_ANSWER}, {@link #NOT_STARTED}
 * @param gcMillis       time the generator JVM(s) spent in GC meanwhile
 */
public record ConnectResult(int attempted, int connected, Map<Integer, Integer> failuresByCode, long elapsedNanos,
                            Histogram latencyMicros, long gcMillis) {
    /** Code counted for an engine whose connect never called back within its timeout. */
    public static final int NO_ANSWER = -1;
    /** Code counted for an engine not started because the phase's time limit had passed. */
    public static final int NOT_STARTED = -2;

    public ConnectResult {
        failuresByCode = Map.copyOf(failuresByCode);
    }

    public int failed() {
        return failuresByCode.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Adds up the results of several generators that ran side by side for {@code wallNanos}. */
    public static ConnectResult merge(List<ConnectResult> parts, long wallNanos) {
        Histogram latency = LatencyRecorder.newHistogram();
        Map<Integer, Integer> failures = new TreeMap<>();
        int attempted = 0;
        int connected = 0;
        long gcMillis = 0;
        for (ConnectResult r : parts) {
            gcMillis += r.gcMillis();
            attempted += r.attempted();
            connected += r.connected();
            latency.add(r.latencyMicros());
            r.failuresByCode().forEach((code, n) -> failures.merge(code, n, Integer::sum));
        }
        return new ConnectResult(attempted, connected, failures, wallNanos, latency, gcMillis);
    }
}
