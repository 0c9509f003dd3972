package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GatewayAddressTest {

    @Test
    void parsesTcpEntries() {
        GatewayAddress a = GatewayAddress.tcp("127.0.0.1:7001");
        assertThat(a.host()).isEqualTo("127.0.0.1");
        assertThat(a.port()).isEqualTo(7001);
        assertThat(a.isWebSocket()).isFalse();
        assertThat(GatewayAddress.tcp("[::1]:7001").host()).isEqualTo("::1");
        assertThatThrownBy(() -> GatewayAddress.tcp("no-port")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesWebSocketUrls() {
        GatewayAddress a = GatewayAddress.webSocket("ws://gw.example:7000/ws");
        assertThat(a.host()).isEqualTo("gw.example");
        assertThat(a.port()).isEqualTo(7000);
        assertThat(a.isSecure()).isFalse();
        assertThat(GatewayAddress.webSocket("wss://gw.example/ws").port()).isEqualTo(443);
        assertThat(GatewayAddress.webSocket("wss://gw.example/ws").isSecure()).isTrue();
        assertThatThrownBy(() -> GatewayAddress.webSocket("http://gw/ws")).isInstanceOf(IllegalArgumentException.class);
    }
}
