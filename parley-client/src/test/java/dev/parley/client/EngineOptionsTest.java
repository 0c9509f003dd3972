package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {
    private static EngineOptions.Builder valid() {
        return EngineOptions.builder().appKey("app1").naviServer("http://localhost:8080/").dataDir(Path.of("data"));
    }

    @Test
    void hasSensibleDefaults() {
        EngineOptions o = valid().build();

        assertThat(o.getNaviServer()).isEqualTo("http://localhost:8080");
        assertThat(o.getPlatform()).isEqualTo(Platform.DESKTOP);
        assertThat(o.getTransport()).isEqualTo(Transport.TCP);
        assertThat(o.getDeviceId()).isNull();
        assertThat(o.isKickReconnectDevice()).isFalse();
        assertThat(o.getPongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.getConnectAckTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.getNaviTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.getNaviCacheLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(o.getLocalAddress()).isNull();
    }

    @Test
    void rejectsInvalidValues() {
        assertThatThrownBy(() -> valid().appKey(null).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().appKey("../x").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().appKey("..").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().naviServer("ftp://x").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().naviServer(null).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().dataDir(null).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().platform(null).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().deviceId(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().pongTimeout(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().connectAckTimeout(null).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().naviCacheLifetime(null).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().naviCacheLifetime(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aZeroNavigationCacheLifetimeTurnsTheCacheOff() {
        assertThat(valid().naviCacheLifetime(Duration.ZERO).build().getNaviCacheLifetime()).isZero();
    }

    @Test
    void statusNumbersAreTheContract() {
        assertThat(ConnectionStatus.NETWORK_UNAVAILABLE.getValue()).isZero();
        assertThat(ConnectionStatus.CONNECTED.getValue()).isEqualTo(1);
        assertThat(ConnectionStatus.CONNECTING.getValue()).isEqualTo(2);
        assertThat(ConnectionStatus.UNCONNECTED.getValue()).isEqualTo(3);
        assertThat(ConnectionStatus.KICKED_OFFLINE_BY_OTHER_CLIENT.getValue()).isEqualTo(4);
        assertThat(ConnectionStatus.TOKEN_INCORRECT.getValue()).isEqualTo(5);
        assertThat(ConnectionStatus.CONN_USER_BLOCKED.getValue()).isEqualTo(6);
        assertThat(ConnectionStatus.SIGN_OUT.getValue()).isEqualTo(7);
        assertThat(ConnectionStatus.SUSPEND.getValue()).isEqualTo(8);
        assertThat(ConnectionStatus.TIMEOUT.getValue()).isEqualTo(9);
        assertThat(ConnectionStatus.UNKNOWN.getValue()).isEqualTo(10);
        assertThat(ConnectionStatus.fromValue(6)).isEqualTo(ConnectionStatus.CONN_USER_BLOCKED);
        assertThat(ConnectionStatus.fromValue(99)).isEqualTo(ConnectionStatus.UNKNOWN);
    }
}
