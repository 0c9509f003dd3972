package dev.parley.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.node.InProcessNode;
import dev.parley.bench.report.Figure;
import dev.parley.bench.report.Report;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group scenario end to end with raw protocol clients against an in-process node. */
class RawGroupScenarioTest {
    @TempDir
    Path dir;

    private static double figure(Report r, String key) {
        return r.figure(key).map(Figure::value).orElseThrow(() -> new AssertionError("no figure " + key));
    }

    @Test
    void everyMemberButTheSenderGetsEveryMessageExactlyOnce() throws Exception {
        try (InProcessNode node = InProcessNode.start(dir.resolve("node"), false)) {
            LoadSettings load = new LoadSettings(0, 0, List.of(), 10, 60, 8, dir.resolve("clients"));
            ScenarioContext ctx = new ScenarioContext(node, load, dir.resolve("work"), null,
                    new PrintStream(OutputStream.nullOutputStream()));
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
