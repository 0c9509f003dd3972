package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void followsTheSpecScheduleThenStaysAtSixtyFourSeconds() {
        ReconnectBackoff backoff = new ReconnectBackoff(0, () -> 0.5);

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            delays.add(backoff.nextDelay().toMillis());
        }

        assertThat(delays).containsExactly(50L, 250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L,
                64_000L, 64_000L, 64_000L, 64_000L);
    }

    @Test
    void resetStartsAgainFromTheShortestDelay() {
        ReconnectBackoff backoff = new ReconnectBackoff(0, () -> 0.5);
        backoff.nextDelay();
        backoff.nextDelay();
        backoff.nextDelay();

        backoff.reset();

        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void jitterStaysWithinTwentyPercentEitherWay() {
        assertThat(new ReconnectBackoff(0.2, () -> 0.0).nextDelay()).isEqualTo(Duration.ofMillis(40));
        assertThat(new ReconnectBackoff(0.2, () -> 0.999_999).nextDelay()).isEqualTo(Duration.ofMillis(60));

        ReconnectBackoff real = new ReconnectBackoff();
        for (int round = 0; round < 200; round++) {
            real.reset();
            for (long base : ReconnectBackoff.SCHEDULE_MILLIS) {
                assertThat(real.nextDelay().toMillis()).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
            }
        }
    }

    @Test
    void jitterSpreadsClientsApart() {
        ReconnectBackoff a = new ReconnectBackoff();
        List<Long> firstDelays = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            a.reset();
            firstDelays.add(a.nextDelay().toMillis());
        }
        assertThat(firstDelays.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void refusesNonsenseJitter() {
        assertThatThrownBy(() -> new ReconnectBackoff(-0.1, () -> 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReconnectBackoff(1.0, () -> 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
