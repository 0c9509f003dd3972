package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.EngineTestBase;
import dev.parley.client.testing.RecordingCallback;
import dev.parley.client.testing.StatusRecorder;
import dev.parley.protocol.ErrorCode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each terminal code ends the connect with the right status and no further attempt. */
class TerminalCodesTest extends EngineTestBase {

    @ParameterizedTest(name = "ConnectAck {0} -> {1}")
    @CsvSource({
            "31004, TOKEN_INCORRECT",
            "31009, CONN_USER_BLOCKED",
            "31010, KICKED_OFFLINE_BY_OTHER_CLIENT",
            "31001, UNCONNECTED",
            "31002, UNCONNECTED",
            "31008, UNCONNECTED"})
    void terminalConnectAckStopsWithItsStatus(int code, ConnectionStatus expected) throws Exception {
        gateway.ackCode = code;
        gateway.ackDetail = "because the test says so";
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();

        assertThat(engine.connect(token("mia"), 0, cb)).isZero();

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isEqualTo(code);
        assertThat(cb.events).containsExactly("db:0", "connected:" + code + ":null");
        assertThat(engine.getConnectionStatus()).isEqualTo(expected);
        assertNoFurtherAttempts(1);
        assertThat(statuses.history).containsExactly(ConnectionStatus.CONNECTING, expected);
        assertThat(engine.getCurrentUserId()).isNull();
    }

    @Test
    void transientConnectAckIsRetried() throws Exception {
        gateway.ackCode = ErrorCode.RC_CONN_SERVER_UNAVAILABLE;
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("nick"), 0, cb);
        await().until(() -> gateway.connects.size() >= 2);
        gateway.ackCode = 0;

        assertThat(cb.connected.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(statuses.history).contains(ConnectionStatus.SUSPEND);
        assertThat(cb.events).containsExactly("db:0", "connected:0:nick");
    }

    @Test
    void terminalNavigationAnswerStopsBeforeAnySocket() throws Exception {
        navi.code = ErrorCode.RC_CONN_TOKEN_INCORRECT;
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("olga"), 0, cb);

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.TOKEN_INCORRECT);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> navi.requests.size() == 1);
        assertThat(gateway.socketsAccepted.get()).isZero();
    }

    @Test
    void unreadableTokenFailsWithoutNetworkOrDatabase() throws Exception {
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        assertThat(engine.connect("not-a-token", 0, cb)).isZero();

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        assertThat(cb.events).containsExactly("connected:31004:null");
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.TOKEN_INCORRECT);
        assertThat(navi.requests).isEmpty();
        assertThat(Files.exists(dataDir.resolve(APP_KEY))).isFalse();
    }

    @Test
    void userIdThatIsNotASafeFileNameIsATokenError() throws Exception {
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token("../../etc/passwd"), 0, cb);

        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        assertThat(navi.requests).isEmpty();
    }

    @ParameterizedTest(name = "Kick {0} -> {1}")
    @CsvSource({
            "31010, KICKED_OFFLINE_BY_OTHER_CLIENT",
            "31011, CONN_USER_BLOCKED"})
    void kickWhileConnectedStopsForGood(int code, ConnectionStatus expected) throws Exception {
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("pat"), 5, cb);
        assertThat(cb.connected.get(5, TimeUnit.SECONDS)).isZero();

        gateway.kickAll(code, "another device logged in");

        awaitStatus(engine, expected);
        assertNoFurtherAttempts(1);
        assertThat(statuses.history).containsExactly(ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED, expected);
        // The connect callback already had its outcome; a kick is reported through the listener only.
        assertThat(cb.events).containsExactly("db:0", "connected:0:pat");
        // A new connect is allowed after a terminal event.
        RecordingCallback again = new RecordingCallback();
        assertThat(engine.connect(token("pat"), 5, again)).isZero();
        assertThat(again.connected.get(5, TimeUnit.SECONDS)).isZero();
    }

    private void assertNoFurtherAttempts(int expectedConnects) {
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
                .until(() -> gateway.connects.size() == expectedConnects && gateway.socketsAccepted.get() == expectedConnects);
    }
}
