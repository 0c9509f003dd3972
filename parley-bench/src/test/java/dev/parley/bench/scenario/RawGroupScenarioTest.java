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

/** The group scenario end to end with raw protocol clients against an in-process node. */
class RawGroupScenarioTest {
    @TempDir
    Path dir;

    @Test
    void everyMemberButTheSenderGetsEveryMessageExactlyOnce() throws Exception {
        try (InProcessNode node = InProcessNode.start(dir.resolve("node"), false)) {
            ScenarioContext ctx = quietContext(node, dir);
            // Two groups of 12 members, 3 senders each, 40 messages/s for 2 s: about 80 messages,
            // each 11 deliveries.
            Report r = new GroupScenario(12, 2, 3, List.of(40), 2, 0, 10, 10, MessageGenerator.RAW).run(ctx);

            assertThat(r.setup().get("generator")).startsWith("raw protocol clients: no SDK, no local database");
            double sent = figure(r, "messages_sent");
            assertThat(sent).isGreaterThan(50);
            assertThat(figure(r, "messages_acked")).isEqualTo(sent);
            assertThat(figure(r, "messages_refused")).isZero();
            assertThat(figure(r, "deliveries")).isEqualTo(sent * 11);
            assertThat(figure(r, "deliveries_lost")).isZero();
            assertThat(figure(r, "deliveries_duplicated")).isZero();
            assertThat(figure(r, "raw_sessions_dropped")).isZero();
            assertThat(r.tables()).anySatisfy(t -> assertThat(t.title()).contains("Notify read on each member's session"));
        }
    }
}
