package dev.parley.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {
    @Test
    void oneToOneCountsLostDuplicatedAndLatencyPerStep() {
        DeliveryTracker t = new DeliveryTracker(10, 2, 1, 2);
        long a = t.reserve(0);
        long b = t.reserve(1);
        long c = t.reserve(1);
        t.sending(a, 1_000_000);
        t.sending(b, 2_000_000);
        t.sending(c, 3_000_000);
        t.onAck(a, 0);
        t.onAck(b, 0);
        t.onAck(c, 20604);
        t.onReceived(1, a, 3_000_000);
        t.onReceived(1, a, 4_000_000);
        assertThat(t.sent()).isEqualTo(3);
        assertThat(t.acked()).isEqualTo(2);
        assertThat(t.failed()).isEqualTo(1);
        assertThat(t.outstanding()).isZero();
        assertThat(t.received()).isEqualTo(1);
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.missing()).isEqualTo(1);
        assertThat(t.missing(0)).isZero();
        assertThat(t.missing(1)).isEqualTo(1);
        assertThat(t.failuresByCode()).containsEntry(20604, 1L);
        assertThat(t.latencyMicros(0).getTotalCount()).isEqualTo(1);
        assertThat(t.latencyMicros(0).getMaxValue()).isBetween(1990L, 2010L);
        assertThat(t.latencyMicros(1).getTotalCount()).isZero();
    }

    @Test
    void groupsCountDuplicatesPerReceiver() {
        DeliveryTracker t = new DeliveryTracker(4, 3, 2, 1);
        long id = t.reserve(0);
        t.sending(id, 1);
        t.onAck(id, 0);
        t.onReceived(1, id, 5);
        t.onReceived(2, id, 5);
        t.onReceived(2, id, 6);
        t.onReceived(0, 99, 6);
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.unknown()).isEqualTo(1);
        assertThat(t.missing()).isZero();
        assertThat(t.expectedDeliveries()).isEqualTo(2);
    }

    @Test
    void capacityIsABound() {
        DeliveryTracker t = new DeliveryTracker(1, 1, 1, 1);
        assertThat(t.reserve(0)).isZero();
        assertThat(t.reserve(0)).isEqualTo(-1);
        assertThat(t.sent()).isEqualTo(1);
    }

    @Test
    void idComesFromTheExtraOfTheContent() {
        assertThat(DeliveryTracker.idFromContent("{\"content\":\"bench message\",\"extra\":\"12345\"}")).isEqualTo(12345);
        assertThat(DeliveryTracker.idFromContent("{\"content\":\"x\"}")).isEqualTo(-1);
        assertThat(DeliveryTracker.idFromContent("{\"extra\":\"abc\"}")).isEqualTo(-1);
        assertThat(DeliveryTracker.idFromContent(null)).isEqualTo(-1);
    }
}
