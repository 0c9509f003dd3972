package dev.parley.bench.measure;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from many threads at once (SDK callback threads), kept in an
 * HdrHistogram with microsecond units, 1 µs to 1 h at three significant digits. Recording
 * is wait-free, so measuring does not slow down what is measured.
 */
public final class LatencyRecorder {
    /** Largest latency tracked; anything longer is clamped to it. */
    public static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(MAX_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram total = newHistogram();

    /** An empty histogram with the same range and precision as every recorder's. */
    public static Histogram newHistogram() {
        return new Histogram(MAX_MICROS, SIGNIFICANT_DIGITS);
    }

    /** Records one latency given in nanoseconds. */
    public void recordNanos(long nanos) {
        long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
        recorder.recordValue(Math.min(micros, MAX_MICROS));
    }

    /** Everything recorded so far (a copy: later recordings do not change it). */
    public synchronized Histogram histogram() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }
}
