package dev.parley.bench.scenario;

import static dev.parley.bench.scenario.ScenarioRuns.figure;
import static dev.parley.bench.scenario.ScenarioRuns.quietContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.node.InProcessNode;
import dev.parley.bench.report.Report;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The p2p scenario end to end with raw protocol clients against an in-process node. */
class RawP2pScenarioTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRawRunDeliversEveryMessageExactlyOnce() throws Exception {
        try (InProcessNode node = InProcessNode.start(dir.resolve("node"), false)) {
            ScenarioContext ctx = quietContext(node, dir);
            // 20 users, 150 messages/s for 2 s: about 300 messages.
            Report r = new P2pScenario(20, List.of(150), 2, 0, 10, 1000, 10, MessageGenerator.RAW).run(ctx);

            assertThat(r.setup().get("generator")).startsWith("raw protocol clients: no SDK, no local database");
            double sent = figure(r, "messages_sent");
            assertThat(sent).isGreaterThan(200);
            assertThat(figure(r, "messages_acked")).isEqualTo(sent);
            assertThat(figure(r, "messages_refused")).isZero();
            assertThat(figure(r, "deliveries")).isEqualTo(sent);
            assertThat(figure(r, "deliveries_lost")).isZero();
            assertThat(figure(r, "deliveries_duplicated")).isZero();
            assertThat(r.figure("deliveries_unknown")).isEmpty();
            assertThat(figure(r, "raw_sessions_dropped")).isZero();
            assertThat(r.tables()).anySatisfy(t -> assertThat(t.title()).startsWith("Steps (latency: Send frame"));
        }
    }
}
