package dev.parley.server.cluster.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.cluster.harness.DeliveryCheck.Seen;
import dev.parley.server.cluster.harness.PacedSender.Acked;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryCheckTest {
    private static final List<Acked> ACKED = List.of(new Acked(1, "u1"), new Acked(2, "u2"), new Acked(4, "u4"));

    @Test
    void everyAcknowledgedMessageOnceInOrderIsClean() {
        assertThat(DeliveryCheck.problems(ACKED, List.of(new Seen("u1", 1), new Seen("u2", 2), new Seen("u4", 4))))
                .isEmpty();
    }

    @Test
    void anUnacknowledgedMessageThatArrivedInItsPlaceIsNotAProblem() {
        assertThat(DeliveryCheck.problems(ACKED,
                List.of(new Seen("u1", 1), new Seen("u2", 2), new Seen("u3", 3), new Seen("u4", 4)))).isEmpty();
    }

    @Test
    void aLostAcknowledgedMessageIsReported() {
        assertThat(DeliveryCheck.problems(ACKED, List.of(new Seen("u1", 1), new Seen("u4", 4))))
                .containsExactly("message #2 (u2) delivered 0 times");
    }

    @Test
    void aDuplicateIsReportedAlsoUnderASecondId() {
        assertThat(DeliveryCheck.problems(ACKED,
                List.of(new Seen("u1", 1), new Seen("u2", 2), new Seen("u2", 2), new Seen("u4", 4))))
                .contains("message #2 (u2) delivered 2 times");
        assertThat(DeliveryCheck.problems(ACKED,
                List.of(new Seen("u1", 1), new Seen("u2", 2), new Seen("x2", 2), new Seen("u4", 4))))
                .containsExactly("out of order or repeated: #2 after #2 (delivery 2)");
    }

    @Test
    void messagesOutOfTheSendersOrderAreReported() {
        assertThat(DeliveryCheck.problems(ACKED, List.of(new Seen("u2", 2), new Seen("u1", 1), new Seen("u4", 4))))
                .containsExactly("out of order or repeated: #1 after #2 (delivery 1)");
    }
}
