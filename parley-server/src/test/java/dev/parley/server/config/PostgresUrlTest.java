package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void aLibpqUrlBecomesAJdbcUrlWithItsCredentialsApart() {
        PostgresUrl url = PostgresUrl.parse("postgresql://parley:s%40cret@db.example:6432/chat?sslmode=require", null, null);

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/chat?sslmode=require");
        assertThat(url.user()).isEqualTo("parley");
        assertThat(url.password()).isEqualTo("s@cret");
    }

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/test", "postgres", null);

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(url.user()).isEqualTo("postgres");
        assertThat(url.password()).isNull();
    }

    @Test
    void anExplicitUserAndPasswordWinOverTheUrls() {
        PostgresUrl url = PostgresUrl.parse("postgres://a:b@h/db", "c", "d");

        assertThat(url.user()).isEqualTo("c");
        assertThat(url.password()).isEqualTo("d");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void noDatabaseMeansThePostgresDatabase() {
        assertThat(PostgresUrl.parse("postgresql://h:5432", null, null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/postgres");
    }

    @Test
    void neitherFormIsAClearErrorThatDoesNotPrintThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:hunter2@h/db", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void thePasswordNeverShowsInToString() {
        assertThat(PostgresUrl.parse("postgresql://u:hunter2@h/db", null, null).toString()).doesNotContain("hunter2");
    }
}
