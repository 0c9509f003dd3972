package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class NaviClientTest {

    @Test
    void readsASuccessfulAnswer() {
        NaviResult r = NaviClient.parse(200, """
                {"code":200,"userId":"u1","tcp":["127.0.0.1:7001","10.0.0.2:7001"],
                 "ws":["ws://127.0.0.1:7000/ws"],"heartbeatIntervalMs":25000}""");

        assertThat(r.ok()).isTrue();
        assertThat(r.userId()).isEqualTo("u1");
        assertThat(r.tcp()).containsExactly("127.0.0.1:7001", "10.0.0.2:7001");
        assertThat(r.ws()).containsExactly("ws://127.0.0.1:7000/ws");
        assertThat(r.heartbeatIntervalMs()).isEqualTo(25_000);
    }

    @Test
    void passesRefusalCodesThrough() {
        NaviResult r = NaviClient.parse(401, "{\"code\":31004,\"errorMessage\":\"token expired\"}");

        assertThat(r.code()).isEqualTo(31004);
        assertThat(r.detail()).isEqualTo("token expired");
        assertThat(ErrorCode.isTerminal(r.code())).isTrue();
    }

    @Test
    void turnsGarbageIntoTransientCodes() {
        assertThat(NaviClient.parse(200, "<html>").code()).isEqualTo(ErrorCode.RC_NAVI_RESPONSE_ERROR);
        assertThat(NaviClient.parse(200, "{\"code\":200}").code()).isEqualTo(ErrorCode.RC_NAVI_RESPONSE_ERROR);
        assertThat(NaviClient.parse(502, "Bad Gateway").code()).isEqualTo(ErrorCode.RC_NAVI_REQUEST_FAIL);
        assertThat(ErrorCode.isTerminal(ErrorCode.RC_NAVI_RESPONSE_ERROR)).isFalse();
    }
}
