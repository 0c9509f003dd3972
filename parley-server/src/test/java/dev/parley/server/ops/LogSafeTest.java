package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void controlCharactersAreEscapedSoAValueCannotStartALine() {
        assertThat(LogSafe.text("key\n12:00:00 INFO admin password reset\r\t\u0000\u2028"))
                .isEqualTo("key\\n12:00:00 INFO admin password reset\\r\\t\\u0000\\u2028");
    }

    @Test
    void longValuesAreCutWithTheirOriginalLength() {
        String cut = LogSafe.text("k".repeat(200_000));
        assertThat(cut).startsWith("k".repeat(LogSafe.MAX_CHARS)).endsWith("…(200000 chars)");
        assertThat(cut.length()).isLessThan(LogSafe.MAX_CHARS + 20);
    }

    @Test
    void ordinaryValuesAreUnchanged() {
        assertThat(LogSafe.text("c9kqb3rdkbb8j")).isEqualTo("c9kqb3rdkbb8j");
        assertThat(LogSafe.text("用户-ü")).isEqualTo("用户-ü");
        assertThat(LogSafe.text(null)).isEqualTo("null");
    }
}
