package dev.parley.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void percentilesOfAUniformSpreadAreWhereExpected() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 1; i <= 1000; i++) {
            r.recordNanos(ms(i));
        }
        LatencySummary s = LatencySummary.of(r.histogram());
        assertThat(s.count()).isEqualTo(1000);
        // three significant digits: within 0.1 % of the exact value
        assertThat(s.p50Ms()).isCloseTo(500, within(0.5));
        assertThat(s.p90Ms()).isCloseTo(900, within(0.9));
        assertThat(s.p99Ms()).isCloseTo(990, within(1.0));
        assertThat(s.maxMs()).isCloseTo(1000, within(1.0));
        assertThat(s.meanMs()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void recordingsFromManyThreadsAreAllCounted() {
        LatencyRecorder r = new LatencyRecorder();
        IntStream.range(0, 10_000).parallel().forEach(i -> r.recordNanos(ms(1 + i % 50)));
        assertThat(r.histogram().getTotalCount()).isEqualTo(10_000);
    }

    @Test
    void subMicrosecondAndHugeValuesAreClampedNotLost() {
        LatencyRecorder r = new LatencyRecorder();
        r.recordNanos(10);
        r.recordNanos(TimeUnit.HOURS.toNanos(5));
        Histogram h = r.histogram();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isEqualTo(1);
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(LatencyRecorder.MAX_MICROS);
    }

    @Test
    void encodedHistogramsAddUpLikeTheOriginals() {
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        for (int i = 1; i <= 100; i++) {
            a.recordNanos(ms(i));
            b.recordNanos(ms(100 + i));
        }
        Histogram sum = LatencyRecorder.newHistogram();
        sum.add(HistogramCodec.decode(HistogramCodec.encode(a.histogram())));
        sum.add(HistogramCodec.decode(HistogramCodec.encode(b.histogram())));
        LatencySummary s = LatencySummary.of(sum);
        assertThat(s.count()).isEqualTo(200);
        assertThat(s.p50Ms()).isCloseTo(100, within(0.2));
        assertThat(s.maxMs()).isCloseTo(200, within(0.2));
    }

    @Test
    void anEmptyHistogramSummarisesToZeros() {
        assertThat(LatencySummary.of(LatencyRecorder.newHistogram()).p99Ms()).isZero();
    }
}
