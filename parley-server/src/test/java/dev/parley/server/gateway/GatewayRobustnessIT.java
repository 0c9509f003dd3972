package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.ConnectAck;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Ping;
import dev.parley.protocol.wire.Platform;
import dev.parley.server.store.AppStatus;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.RawSocket;
import dev.parley.server.support.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against bad and unusual input, below the SDK: each bad socket is closed, the node serves on. */
class GatewayRobustnessIT {
    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private void nodeStillServes() throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            ConnectAck ack = c.handshake(RawGatewayClient.connect(node.appKey(), node.token("healthy"))
                    .setDeviceId("d-" + ThreadLocalRandom.current().nextLong()));
            assertThat(ack.getCode()).isZero();
            assertThat(ack.getUserId()).isEqualTo("healthy");
        }
    }

    @Test
    void handshakeAnswersCodeUserSessionAndHeartbeat() throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            ConnectAck ack = c.handshake(RawGatewayClient.connect(node.appKey(), node.token("raw1")));
            assertThat(ack.getCode()).isZero();
            assertThat(ack.getUserId()).isEqualTo("raw1");
            assertThat(ack.getSessionId()).isNotEmpty();
            assertThat(ack.getHeartbeatIntervalMs()).isEqualTo(500);
            assertThat(ack.getServerTime()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5000L));
            c.send(Frame.newBuilder().setRequestId(7).setPing(Ping.newBuilder().setClientTime(1)).build());
            Frame pong = c.read();
            assertThat(pong.hasPong()).isTrue();
            assertThat(pong.getRequestId()).isEqualTo(7);
        }
    }

    @Test
    void refusalCodesAtConnect() throws Exception {
        String token = node.token("raw2");
        assertThat(ackFor(RawGatewayClient.connect(node.appKey(), token).setProtocolVersion(99)))
                .isEqualTo(ErrorCode.RC_CONN_PROTO_VERSION_ERROR);
        assertThat(ackFor(RawGatewayClient.connect("no-such-app", token))).isEqualTo(ErrorCode.RC_CONN_ID_REJECT);
        assertThat(ackFor(RawGatewayClient.connect(node.appKey(), token).setDeviceId("")))
                .isEqualTo(ErrorCode.RC_CONN_ID_REJECT);
        assertThat(ackFor(RawGatewayClient.connect(node.appKey(), token).setPlatform(Platform.PLATFORM_UNSPECIFIED)))
                .isEqualTo(ErrorCode.RC_CONN_ID_REJECT);
        assertThat(ackFor(RawGatewayClient.connect(node.appKey(), token + "x")))
                .isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
    }

    @Test
    void blockedAppIsRefusedWith31008() throws Exception {
        var other = node.server().appAdmin().create("to-block");
        var api = new dev.parley.server.support.ApiClient(node.naviUrl(), other.appKey(), other.appSecret());
        String token = api.token("someone");
        node.server().appAdmin().setStatus(other.appKey(), AppStatus.BLOCKED);
        assertThat(ackFor(RawGatewayClient.connect(other.appKey(), token)))
                .isEqualTo(ErrorCode.RC_CONN_APP_BLOCKED_OR_DELETED);
    }

    private int ackFor(dev.parley.protocol.wire.Connect.Builder connect) throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            ConnectAck ack = c.handshake(connect);
            assertThat(RawSocket.closedWithin(c.socket(), 3000)).as("refused socket is closed").isTrue();
            return ack.getCode();
        }
    }

    @Test
    void garbageBytesCloseTheSocket() throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            byte[] junk = new byte[64];
            ThreadLocalRandom.current().nextBytes(junk);
            junk[0] = 10; // a 10-byte frame of junk protobuf
            junk[1] = (byte) 0xFF;
            c.sendRaw(junk);
            assertThat(RawSocket.closedWithin(c.socket(), 3000)).isTrue();
        }
        nodeStillServes();
    }

    @Test
    void oversizedFrameClosesTheSocketBeforeItsBodyArrives() throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            c.sendRaw(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}); // 16 MiB length prefix
            assertThat(RawSocket.closedWithin(c.socket(), 3000)).isTrue();
        }
        nodeStillServes();
    }

    @Test
    void framesBeforeConnectCloseTheSocket() throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            c.send(Frame.newBuilder().setPing(Ping.newBuilder()).build());
            assertThat(RawSocket.closedWithin(c.socket(), 3000)).isTrue();
        }
    }

    @Test
    void socketThatNeverAuthenticatesIsClosedAfterTheAuthTimeout() throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            long start = System.nanoTime();
            assertThat(RawSocket.closedWithin(c.socket(), 6000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1500);
        }
        nodeStillServes();
    }

    @Test
    void silentSessionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), node.token("quiet")).setDeviceId("q"))
                    .getCode()).isZero();
            assertThat(RawSocket.closedWithin(c.socket(), 8000)).isTrue();
        }
    }

    @Test
    void webSocketTextFrameClosesTheConnection() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(5, TimeUnit.SECONDS);
        ws.sendText("hello", true);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isNotNull();
        nodeStillServes();
    }

    @Test
    void webSocketHandshakeWorksWithBinaryFrames() throws Exception {
        CompletableFuture<ByteBuffer> reply = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + "/ws"), new WebSocket.Listener() {
                    final ByteBuffer acc = ByteBuffer.allocate(4096);

                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        acc.put(data);
                        if (last) {
                            reply.complete(acc.flip());
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        Frame connect = Frame.newBuilder().setConnect(RawGatewayClient.connect(node.appKey(), node.token("wsuser"))
                .setDeviceId("ws-raw")).build();
        ws.sendBinary(ByteBuffer.wrap(connect.toByteArray()), true).get(5, TimeUnit.SECONDS);
        Frame ack = Frame.parseFrom(reply.get(5, TimeUnit.SECONDS));
        assertThat(ack.getConnectAck().getCode()).isZero();
        assertThat(ack.getConnectAck().getUserId()).isEqualTo("wsuser");
        ws.abort();
    }
}
