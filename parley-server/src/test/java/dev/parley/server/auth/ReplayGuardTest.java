package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private static final String TS = "1700000000000";

    @Test
    void aLongNonceIsAcceptedOnceAndStoredAsAFixedSizeDigest() {
        ReplayGuard guard = new ReplayGuard(Duration.ofMinutes(5), 1000);
        String nonce = "n".repeat(7000);

        assertThat(guard.firstUse("app", nonce, TS)).isTrue();
        assertThat(guard.firstUse("app", nonce, TS)).isFalse();

        assertThat(guard.entries("app")).singleElement()
                .isInstanceOf(ReplayGuard.Digest.class);
        assertThat(ReplayGuard.Digest.BYTES).isEqualTo(16);
    }

    @Test
    void oneAppsFloodOfFreshNoncesDoesNotEvictAnotherAppsEntry() {
        ReplayGuard guard = new ReplayGuard(Duration.ofMinutes(5), 10_000);
        assertThat(guard.firstUse("victim", "recent-nonce", TS)).isTrue();

        for (int i = 0; i < 100_000; i++) {
            guard.firstUse("flooder", "flood-" + i, TS);
        }

        assertThat(guard.firstUse("victim", "recent-nonce", TS)).as("replay of the victim's request").isFalse();
        assertThat(guard.entries("flooder").size()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void triplesThatOnlyDifferInWhereTheFieldsSplitAreDistinct() {
        ReplayGuard guard = new ReplayGuard(Duration.ofMinutes(5), 1000);
        assertThat(guard.firstUse("app", "a\nb", "1")).isTrue();
        assertThat(guard.firstUse("app", "a", "b\n1")).isTrue();
    }
}
