package dev.parley.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientMsgIdsTest {
    @Test
    void clientMessageIdsGrowWithinOneSender() {
        ClientMsgIds ids = new ClientMsgIds();
        String previous = ids.next();
        for (int i = 0; i < 1000; i++) {
            String next = ids.next();
            assertThat(next).hasSize(26).isGreaterThan(previous);
            previous = next;
        }
    }
}
