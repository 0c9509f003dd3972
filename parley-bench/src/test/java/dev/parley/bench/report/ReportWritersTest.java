package dev.parley.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWritersTest {
    private static Report sample() {
        return new Report("connect", Instant.parse("2026-01-02T03:04:05Z"))
                .setup("users", 2000)
                .machine(java.util.Map.of("cores", "2"))
                .figure("connects_per_second", "Connects per second", 4321.5, "connects/s", Target.atLeast(4000))
                .figure("connect_p99_ms", "Connect latency p99", 123.456, "ms", Target.below(100))
                .figure("connected", "Connected", 2000, "")
                .table(new Table("Classes", List.of("class", "bytes"), List.of(List.of("a|b", "12"))))
                .note("Generator-bound.");
    }

    @Test
    void markdownShowsFiguresWithTargetsMetOrMissed() {
        String md = MarkdownReportWriter.write(sample());
        assertThat(md).startsWith("## connect — 2026-01-02T03:04:05Z");
        assertThat(md).contains("*Setup:* users `2000`");
        assertThat(md).contains("| Connects per second | 4,322 connects/s | ≥ 4,000 ✅ met |");
        assertThat(md).contains("| Connect latency p99 | 123 ms | < 100 ❌ missed |");
        assertThat(md).contains("| Connected | 2,000 |  |");
        assertThat(md).contains("| a\\|b | 12 |");
        assertThat(md).contains("- Generator-bound.");
    }

    @Test
    void jsonKeysFiguresByTheirStableNames() {
        JsonNode json = JsonReportWriter.toJson(sample());
        assertThat(json.get("scenario").asText()).isEqualTo("connect");
        assertThat(json.at("/setup/users").asText()).isEqualTo("2000");
        JsonNode rate = json.at("/figures/connects_per_second");
        assertThat(rate.get("value").asDouble()).isEqualTo(4321.5);
        assertThat(rate.get("unit").asText()).isEqualTo("connects/s");
        assertThat(rate.at("/target/comparison").asText()).isEqualTo("AT_LEAST");
        assertThat(rate.get("met").asBoolean()).isTrue();
        assertThat(json.at("/figures/connect_p99_ms/met").asBoolean()).isFalse();
        assertThat(json.at("/figures/connected").has("target")).isFalse();
        assertThat(json.at("/tables/0/rows/0/0").asText()).isEqualTo("a|b");
        assertThat(json.at("/notes/0").asText()).isEqualTo("Generator-bound.");
    }

    @Test
    void numbersReadNaturally() {
        assertThat(NumberFormat.format(12345.6)).isEqualTo("12,346");
        assertThat(NumberFormat.format(42.25)).isEqualTo("42.3");
        assertThat(NumberFormat.format(3.14159)).isEqualTo("3.14");
        assertThat(NumberFormat.format(7)).isEqualTo("7");
        assertThat(NumberFormat.format(0.00123)).isEqualTo("0.00123");
    }

    @Test
    void targetsCompareTheRightWay() {
        assertThat(Target.atLeast(4000).metBy(4000)).isTrue();
        assertThat(Target.below(100).metBy(100)).isFalse();
        assertThat(Target.atMost(4).metBy(4)).isTrue();
        assertThat(Target.atMost(4).metBy(4.01)).isFalse();
    }
}
