package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {
    @Test
    void dueGrowsWithTheRate() {
        assertThat(Pacer.due(1000, 0)).isEqualTo(1);
        assertThat(Pacer.due(1000, 1_000_000_000L)).isEqualTo(1001);
        assertThat(Pacer.due(10_000, 500_000_000L)).isEqualTo(5001);
    }

    @Test
    void stopsWhenTheOperationHasNothingLeft() {
        AtomicLong left = new AtomicLong(5);
        Pacer.Result r = Pacer.run(1_000_000, 5_000_000_000L, 100, () -> 0, () -> left.getAndDecrement() > 0);
        assertThat(r.started()).isEqualTo(5);
        assertThat(r.elapsedNanos()).isLessThan(1_000_000_000L);
    }

    @Test
    void waitsWhileTooManyAreUnanswered() {
        AtomicLong sent = new AtomicLong();
        Pacer.Result r = Pacer.run(1_000_000, 50_000_000L, 10, sent::get, () -> {
            sent.incrementAndGet();
            return true;
        });
        assertThat(r.started()).isEqualTo(10);
        assertThat(r.throttledNanos()).isPositive();
    }
}
