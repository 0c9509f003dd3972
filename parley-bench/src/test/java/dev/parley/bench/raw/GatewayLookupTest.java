package dev.parley.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GatewayLookupTest {
    @Test
    void parsesHostAndPort() {
        assertThat(GatewayLookup.parse("127.0.0.1:8701").getPort()).isEqualTo(8701);
        assertThat(GatewayLookup.parse("127.0.0.1:8701").getHostString()).isEqualTo("127.0.0.1");
        assertThat(GatewayLookup.parse("[::1]:9000").getAddress().isLoopbackAddress()).isTrue();
        assertThat(GatewayLookup.parse("[::1]:9000").getPort()).isEqualTo(9000);
        assertThatThrownBy(() -> GatewayLookup.parse("nohost")).isInstanceOf(IllegalArgumentException.class);
    }
}
