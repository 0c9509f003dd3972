package dev.parley.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchDatabaseTest {
    @Test
    void theRunsDatabaseReplacesTheBaseUrlsKeepingItsParameters() {
        assertThat(BenchDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/test", "parley_bench_x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/parley_bench_x");
        assertThat(BenchDatabase.withDatabase("jdbc:postgresql://db:5432/test?sslmode=require&user=u", "b"))
                .isEqualTo("jdbc:postgresql://db:5432/b?sslmode=require&user=u");
        assertThat(BenchDatabase.withDatabase("jdbc:postgresql://db", "b")).isEqualTo("jdbc:postgresql://db/b");
    }

    @Test
    void aUrlThatIsNotPostgresIsRefused() {
        assertThatThrownBy(() -> BenchDatabase.withDatabase("jdbc:mysql://h/db", "b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreFreshValidIdentifiers() {
        String a = BenchDatabase.randomName();
        assertThat(a).matches("parley_bench_[a-z0-9]{10}");
        assertThat(BenchDatabase.randomName()).isNotEqualTo(a);
        assertThat(RedisKeys.freshPrefix()).matches("parley-bench-[a-z0-9]{10}");
    }
}
