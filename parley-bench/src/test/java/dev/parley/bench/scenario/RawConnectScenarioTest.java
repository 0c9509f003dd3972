package dev.parley.bench.scenario;

import static dev.parley.bench.scenario.ScenarioRuns.figure;
import static dev.parley.bench.scenario.ScenarioRuns.quietContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.bench.node.InProcessNode;
import dev.parley.bench.report.Report;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connect scenario end to end with raw protocol clients against an in-process node. */
class RawConnectScenarioTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRawRunConnectsEveryUserAndReportsLatency() throws Exception {
        try (InProcessNode node = InProcessNode.start(dir.resolve("node"), false)) {
            ScenarioContext ctx = quietContext(node, dir);
            Report r = new ConnectScenario(50, 10, 20, false, MessageGenerator.RAW).run(ctx);

            assertThat(r.setup().get("generator"))
                    .startsWith("raw protocol clients: no SDK, no local database, no navigation per connect");
            assertThat(figure(r, "connected")).isEqualTo(50);
            assertThat(figure(r, "failed")).isZero();
            assertThat(figure(r, "connects_per_second")).isPositive();
            assertThat(figure(r, "connect_p50_ms")).isPositive();
            assertThat(figure(r, "connect_p99_ms")).isGreaterThanOrEqualTo(figure(r, "connect_p50_ms"));
            assertThat(figure(r, "untimed_sessions_left")).as("the warm-up's sessions were closed before timing")
                    .isZero();
        }
    }

    @Test
    void rawClientsHaveNoReturningMode() {
        assertThatThrownBy(() -> new ConnectScenario(50, 10, 0, true, MessageGenerator.RAW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
