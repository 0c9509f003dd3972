package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.EngineTestBase;
import dev.parley.client.testing.RecordingCallback;
import dev.parley.client.testing.StatusRecorder;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.Connect;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ConnectTest extends EngineTestBase {

    @Test
    void connectsAndReportsDatabaseThenConnectedOnTheCallbackThread() throws Exception {
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();

        assertThat(engine.getCurrentUserId()).isNull();
        int rc = engine.connect(token("alice"), 5, cb);

        assertThat(rc).isZero();
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(cb.events).containsExactly("db:0", "connected:0:alice");
        assertThat(cb.threads).allSatisfy(t -> {
            assertThat(t).isNotSameAs(Thread.currentThread());
            assertThat(t.getName()).startsWith("parley-callback");
        });
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(engine.getCurrentUserId()).isEqualTo("alice");
        assertThat(Files.exists(dataDir.resolve(APP_KEY).resolve("alice.db"))).isTrue();
        await().until(() -> statuses.history.size() >= 2);
        assertThat(statuses.history).containsExactly(ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED);
        assertThat(statuses.threads).allSatisfy(t -> assertThat(t.getName()).startsWith("parley-callback"));
    }

    @Test
    void sendsTheConnectFrameTheSpecDescribes() throws Exception {
        ImEngine engine = newEngine(b -> b.platform(Platform.MOBILE).deviceId("dev-1").kickReconnectDevice(true));
        RecordingCallback cb = new RecordingCallback();
        String token = token("bob");

        engine.connect(token, 5, cb);

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        Connect c = gateway.connects.get(0);
        assertThat(c.getAppKey()).isEqualTo(APP_KEY);
        assertThat(c.getToken()).isEqualTo(token);
        assertThat(c.getProtocolVersion()).isEqualTo(Protocol.VERSION);
        assertThat(c.getPlatform()).isEqualTo(dev.parley.protocol.wire.Platform.MOBILE);
        assertThat(c.getDeviceId()).isEqualTo("dev-1");
        assertThat(c.getSdkVersion()).isEqualTo(ImEngine.SDK_VERSION);
        assertThat(c.getLastSeq()).isZero();
        assertThat(c.getReconnect()).isFalse();
        assertThat(c.getKickReconnectDevice()).isTrue();
    }

    @Test
    void asksNavigationWithAFormPost() throws Exception {
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();
        String token = token("carol+x=y");

        engine.connect(token, 5, cb);

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(navi.requests).hasSize(1);
        var request = navi.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(request.form()).containsEntry("appKey", APP_KEY).containsEntry("token", token);
    }

    @Test
    void measuresTheServerClockOffset() throws Exception {
        gateway.serverClockOffsetMs = 3_600_000;
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("dave"), 5, cb);

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat((double) engine.getDeltaTime()).isCloseTo(3_600_000, within(2_000.0));
    }

    @Test
    void refusesBadArgumentsSynchronously() {
        ImEngine engine = newEngine();

        assertThat(engine.connect(null, 5, new RecordingCallback())).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(engine.connect("", 5, new RecordingCallback())).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(engine.connect(token("erin"), 5, null)).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(gateway.socketsAccepted.get()).isZero();
        assertThat(navi.requests).isEmpty();
    }

    @Test
    void refusesASecondConnectWhileConnectedOrConnecting() throws Exception {
        ImEngine connected = newEngine();
        RecordingCallback cb = new RecordingCallback();
        connected.connect(token("frank"), 5, cb);
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(connected.connect(token("frank"), 5, new RecordingCallback()))
                .isEqualTo(ErrorCode.RC_CONNECTION_ALREADY_CONNECTED);

        gateway.answerConnect = false;
        ImEngine connecting = newEngine();
        RecordingCallback second = new RecordingCallback();
        assertThat(connecting.connect(token("grace"), 0, new RecordingCallback())).isZero();
        assertThat(connecting.connect(token("grace"), 0, second)).isEqualTo(ErrorCode.RC_CONNECTION_EXIST);
        assertThat(second.events).isEmpty();
    }

    @Test
    void refusesConnectWhileReconnectingAfterADrop() throws Exception {
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("heidi"), 5, cb);
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();

        gateway.stop();
        await().until(() -> engine.getConnectionStatus() != ConnectionStatus.CONNECTED);

        assertThat(engine.connect(token("heidi"), 5, new RecordingCallback())).isEqualTo(ErrorCode.RC_CONNECTION_EXIST);
    }

    @Test
    void disconnectSignsOutAndALaterConnectWorks() throws Exception {
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback first = new RecordingCallback();
        engine.connect(token("ivan"), 5, first);
        assertThat(first.connected.get(5, TimeUnit.SECONDS)).isZero();

        assertThat(engine.disconnect(true)).isZero();

        awaitStatus(engine, ConnectionStatus.SIGN_OUT);
        await().until(() -> gateway.disconnects.size() == 1);
        assertThat(gateway.disconnects.get(0).getReceivePush()).isTrue();
        await().until(() -> gateway.openSockets() == 0);
        // No reconnection after signing out.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> gateway.connects.size() == 1 && engine.getConnectionStatus() == ConnectionStatus.SIGN_OUT);

        RecordingCallback second = new RecordingCallback();
        assertThat(engine.connect(token("ivan"), 5, second)).isZero();
        assertThat(second.connected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(second.events).containsExactly("db:0", "connected:0:ivan");
        assertThat(gateway.connects.get(1).getReconnect()).isFalse();
        await().until(() -> statuses.last() == ConnectionStatus.CONNECTED);
        assertThat(statuses.history).containsExactly(ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED,
                ConnectionStatus.SIGN_OUT, ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED);
        assertThat(first.events).containsExactly("db:0", "connected:0:ivan");
    }

    @Test
    void destroyedEngineRefusesEverythingAndStaysSafe() throws Exception {
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("judy"), 5, cb);
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();

        engine.destroy();

        assertThat(engine.connect(token("judy"), 5, new RecordingCallback())).isEqualTo(ErrorCode.CLIENT_NOT_INIT);
        assertThat(engine.disconnect(false)).isEqualTo(ErrorCode.CLIENT_NOT_INIT);
        assertThat(engine.getCurrentUserId()).isNull();
        awaitStatus(engine, ConnectionStatus.SIGN_OUT);
        await().until(() -> gateway.openSockets() == 0);
        engine.destroy();
        engine.setOnConnectionStatusChangedListener(s -> { });
    }

    @Test
    void persistsTheDeviceIdInTheDataDirectory() throws Exception {
        ImEngine first = newEngine();
        RecordingCallback cb1 = new RecordingCallback();
        first.connect(token("ken"), 5, cb1);
        assertThat(cb1.connected.get(5, TimeUnit.SECONDS)).isZero();
        first.destroy();

        ImEngine second = newEngine();
        RecordingCallback cb2 = new RecordingCallback();
        second.connect(token("ken"), 5, cb2);
        assertThat(cb2.connected.get(5, TimeUnit.SECONDS)).isZero();

        String stored = Files.readString(dataDir.resolve("device-id")).trim();
        assertThat(stored).isNotBlank();
        assertThat(gateway.connects).extracting(Connect::getDeviceId).containsExactly(stored, stored);
    }

    @Test
    void bindsGatewaySocketsToTheConfiguredLocalAddress() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.2");
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(source, 0));
        } catch (IOException e) {
            Assumptions.abort("127.0.0.2 is not usable on this machine: " + e);
        }
        ImEngine engine = newEngine(b -> b.localAddress(source));
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("lara"), 5, cb);

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(gateway.clientAddresses).extracting(InetSocketAddress::getAddress).containsExactly(source);
    }

    @Test
    void connectsOverWebSocket() throws Exception {
        ImEngine engine = newEngine(b -> b.transport(Transport.WEBSOCKET).platform(Platform.WEB));
        RecordingCallback cb = new RecordingCallback();
        gateway.heartbeatIntervalMs = 100;

        engine.connect(token("leo"), 5, cb);

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(gateway.connects.get(0).getPlatform()).isEqualTo(dev.parley.protocol.wire.Platform.WEB);
        // Heartbeats flow over WebSocket too.
        await().until(() -> gateway.pings.get() >= 2);
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
    }
}
