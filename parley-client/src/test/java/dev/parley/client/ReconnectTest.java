package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.EngineTestBase;
import dev.parley.client.testing.RecordingCallback;
import dev.parley.client.testing.StatusRecorder;
import dev.parley.protocol.ErrorCode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timeouts, retries and automatic reconnection. */
class ReconnectTest extends EngineTestBase {

    @Test
    void givesUpWith34006WhenTheGatewayIsUnreachable() throws Exception {
        navi.tcp = List.of("127.0.0.1:" + closedPort());
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();
        long start = System.nanoTime();

        engine.connect(token("quinn"), 2, cb);

        assertThat(cb.connected.get(6, TimeUnit.SECONDS)).isEqualTo(ErrorCode.RC_CONNECT_TIMEOUT);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(1_900L, 3_500L);
        assertThat(cb.events).containsExactly("db:0", "connected:34006:null");
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.TIMEOUT);
        assertThat(statuses.history).contains(ConnectionStatus.SUSPEND);
        int navigations = navi.requests.size();
        assertThat(navigations).isGreaterThan(1); // re-navigated after repeated socket failures
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> navi.requests.size() == navigations && engine.getConnectionStatus() == ConnectionStatus.TIMEOUT);
    }

    @Test
    void timesOutWhenTheGatewayNeverAcks() throws Exception {
        gateway.answerConnect = false;
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("rita"), 2, cb);

        assertThat(cb.connected.get(6, TimeUnit.SECONDS)).isEqualTo(ErrorCode.RC_CONNECT_TIMEOUT);
        assertThat(gateway.connects).hasSizeGreaterThanOrEqualTo(1);
        await().until(() -> gateway.openSockets() == 0);
    }

    @Test
    void withoutTimeoutKeepsTryingUntilTheGatewayComesUp() throws Exception {
        gateway.stop();
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("sam"), 0, cb);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.count(ConnectionStatus.SUSPEND) >= 3);
        assertThat(cb.connected).isNotDone();
        gateway.start();

        assertThat(cb.connected.get(15, TimeUnit.SECONDS)).isZero();
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(statuses.history).startsWith(ConnectionStatus.CONNECTING, ConnectionStatus.SUSPEND,
                ConnectionStatus.CONNECTING, ConnectionStatus.SUSPEND);
    }

    @Test
    void reconnectsByItselfAfterTheSocketDrops() throws Exception {
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("tina"), 5, cb);
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();

        gateway.dropAll();

        await().until(() -> gateway.connects.size() == 2 && statuses.last() == ConnectionStatus.CONNECTED
                && statuses.history.size() == 5);
        assertThat(statuses.history).containsExactly(ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED,
                ConnectionStatus.SUSPEND, ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED);
        assertThat(gateway.connects.get(1).getReconnect()).isTrue();
        assertThat(cb.events).containsExactly("db:0", "connected:0:tina");
        // Navigation is cached across reconnects.
        assertThat(navi.requests).hasSize(1);
    }

    @Test
    void reconnectsAfterTheServerRestartsEvenPastTheConnectTimeout() throws Exception {
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("uma"), 1, cb);
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();

        gateway.stop();
        // Five failed attempts take about 1.8 s (0 + 0.05 + 0.25 + 0.5 + 1), longer than the
        // 1 s connect timeout: it bounds only the first connection.
        await().until(() -> statuses.count(ConnectionStatus.SUSPEND) >= 5);
        assertThat(statuses.history).doesNotContain(ConnectionStatus.TIMEOUT);
        gateway.start();

        awaitStatus(engine, ConnectionStatus.CONNECTED);
        assertThat(cb.events).containsExactly("db:0", "connected:0:uma");
    }

    @Test
    void reconnectsWhenPongsStop() throws Exception {
        gateway.heartbeatIntervalMs = 200;
        ImEngine engine = newEngine(b -> b.pongTimeout(Duration.ofMillis(300)));
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("vic"), 5, cb);
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        await().until(() -> gateway.pings.get() >= 2);
        assertThat(statuses.history).doesNotContain(ConnectionStatus.SUSPEND);

        gateway.answerPings = false;

        await().until(() -> gateway.connects.size() >= 2);
        assertThat(gateway.connects.get(1).getReconnect()).isTrue();
        assertThat(statuses.history).contains(ConnectionStatus.SUSPEND);
        gateway.answerPings = true;
        awaitStatus(engine, ConnectionStatus.CONNECTED);
    }

    @Test
    void redirectSendsTheEngineBackToNavigation() throws Exception {
        gateway.ackCode = ErrorCode.RC_CONN_REDIRECTED;
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("wes"), 0, cb);
        await().until(() -> navi.requests.size() >= 2);
        gateway.ackCode = 0;

        assertThat(cb.connected.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void transientNavigationFailureIsRetried() throws Exception {
        navi.code = 500;
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("xena"), 0, cb);
        await().until(() -> navi.requests.size() >= 2);
        navi.code = 200;

        assertThat(cb.connected.get(10, TimeUnit.SECONDS)).isZero();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
