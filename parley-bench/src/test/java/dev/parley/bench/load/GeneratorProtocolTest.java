package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.measure.LatencyRecorder;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class GeneratorProtocolTest {
    @Test
    void resultsCrossTheProcessBoundaryIntact() {
        Histogram h = LatencyRecorder.newHistogram();
        h.recordValue(1500);
        h.recordValue(250_000);
        ConnectResult sent = new ConnectResult(10, 8, Map.of(34006, 1, ConnectResult.NO_ANSWER, 1), 123_456_789L, h, 42);
        ConnectResult got = GeneratorProtocol.decode(GeneratorProtocol.encode(sent));
        assertThat(got.attempted()).isEqualTo(10);
        assertThat(got.connected()).isEqualTo(8);
        assertThat(got.failuresByCode()).isEqualTo(sent.failuresByCode());
        assertThat(got.failed()).isEqualTo(2);
        assertThat(got.elapsedNanos()).isEqualTo(123_456_789L);
        assertThat(got.gcMillis()).isEqualTo(42);
        assertThat(got.latencyMicros()).isEqualTo(h);
    }

    @Test
    void mergedResultsAddUpAndTakeTheGroupsWallTime() {
        Histogram a = LatencyRecorder.newHistogram();
        a.recordValue(1000);
        Histogram b = LatencyRecorder.newHistogram();
        b.recordValue(3000);
        ConnectResult merged = ConnectResult.merge(List.of(
                new ConnectResult(5, 4, Map.of(31004, 1), 10, a, 1),
                new ConnectResult(5, 5, Map.of(), 20, b, 2)), 99);
        assertThat(merged.attempted()).isEqualTo(10);
        assertThat(merged.connected()).isEqualTo(9);
        assertThat(merged.failuresByCode()).containsEntry(31004, 1);
        assertThat(merged.elapsedNanos()).isEqualTo(99);
        assertThat(merged.latencyMicros().getTotalCount()).isEqualTo(2);
        assertThat(merged.gcMillis()).isEqualTo(3);
    }

    @Test
    void plansSurviveJsonAndSliceWithTheirGlobalIndex() {
        ConnectPlan plan = new ConnectPlan("http://127.0.0.1:1", "key", List.of("t0", "t1", "t2", "t3"), 0, 10, 30, 4,
                "/tmp/c", 60_000);
        ConnectPlan back = GeneratorProtocol.readPlan(GeneratorProtocol.writePlan(plan));
        assertThat(back).isEqualTo(plan);
        ConnectPlan slice = plan.slice(2, 4, 5);
        assertThat(slice.tokens()).containsExactly("t2", "t3");
        assertThat(slice.firstIndex()).isEqualTo(2);
        assertThat(slice.inFlight()).isEqualTo(5);
    }
}
