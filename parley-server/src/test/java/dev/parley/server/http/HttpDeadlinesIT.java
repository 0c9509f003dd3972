package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Ping;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.RawHttpConnection;
import dev.parley.server.support.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP port's deadlines against slow and idle clients, with short test timings: headers
 * within 1 s of the first byte, the whole request within 3 s, keep-alive idle 1.5 s.
 */
class HttpDeadlinesIT {
    private static final Duration HEADERS = Duration.ofSeconds(1);
    private static final Duration BODY = Duration.ofSeconds(3);
    private static final Duration IDLE = Duration.ofMillis(1500);
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: node\r\n\r\n";

    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir, c -> c.withTimings(Duration.ofMillis(250), IDLE, HEADERS));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Test
    void headersTrickledAByteAtATimeAreCutOffAtTheHeaderDeadline() {
        try (RawHttpConnection c = new RawHttpConnection(node.httpPort())) {
            long start = System.nanoTime();
            c.write("GET /health HTTP/1.1\r\nHost: node\r\n");
            // A slowloris: always another header line, never the blank line that ends them.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !c.write("X-Slow: 1\r\n") || c.closed());
            assertThat(since(start)).isGreaterThanOrEqualTo(HEADERS.minusMillis(100)).isLessThan(BODY);
            assertThat(c.received()).startsWith("HTTP/1.1 408 ").contains("request headers not received within 1000 ms");
        }
    }

    @Test
    void aSilentConnectionIsClosedAtTheHeaderDeadline() {
        try (RawHttpConnection c = new RawHttpConnection(node.httpPort())) {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(c::closed);
            assertThat(since(start)).isGreaterThanOrEqualTo(HEADERS.minusMillis(100)).isLessThan(BODY);
        }
    }

    @Test
    void aBodyTrickledSlowlyIsCutOffAtTheBodyDeadline() {
        try (RawHttpConnection c = new RawHttpConnection(node.httpPort())) {
            long start = System.nanoTime();
            c.write("POST /navi.json HTTP/1.1\r\nHost: node\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 100000\r\n\r\n");
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !c.write("appKey=aaaaaaaaaa") || c.closed());
            assertThat(since(start)).isGreaterThanOrEqualTo(BODY.minusMillis(100));
            assertThat(c.received()).startsWith("HTTP/1.1 408 ").contains("whole request not received within 3000 ms");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
        try (RawHttpConnection c = new RawHttpConnection(node.httpPort())) {
            c.write(HEALTH);
            await().atMost(Duration.ofSeconds(5)).until(() -> c.responses() == 1);
            long answered = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(c::closed);
            assertThat(since(answered)).isGreaterThanOrEqualTo(IDLE.minusMillis(100));
            assertThat(c.responses()).as("no answer to a request never made").isEqualTo(1);
        }
    }

    @Test
    void aBusyKeepAliveConnectionOutlivesEveryDeadline() {
        try (RawHttpConnection c = new RawHttpConnection(node.httpPort())) {
            long start = System.nanoTime();
            int[] sent = {0};
            // A request every 300 ms, each answered, for longer than the body deadline.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
                assertThat(c.closed()).as("closed after %d requests", sent[0]).isFalse();
                await().atMost(Duration.ofSeconds(2)).until(() -> c.responses() == sent[0]);
                c.write(HEALTH);
                sent[0]++;
                return since(start).compareTo(BODY.plus(IDLE)) > 0;
            });
            await().atMost(Duration.ofSeconds(2)).until(() -> c.responses() == sent[0]);
            assertThat(c.closed()).isFalse();
        }
    }

    @Test
    void aWebSocketSessionOutlivesTheHttpDeadlines() throws Exception {
        String token = node.token("wslong"); // before the socket opens: it has 1 s to Connect
        LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + "/ws"), new WebSocket.Listener() {
                    final ByteBuffer acc = ByteBuffer.allocate(64 * 1024);

                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        acc.put(data);
                        if (last) {
                            try {
                                frames.add(Frame.parseFrom(acc.flip()));
                            } catch (Exception e) {
                                closed.complete(-2);
                            }
                            acc.clear();
                        }
                        webSocket.request(1);
                        return null;
                    }

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
        try {
            Frame connect = Frame.newBuilder().setConnect(RawGatewayClient.connect(node.appKey(), token)
                    .setDeviceId("ws-long")).build();
            ws.sendBinary(ByteBuffer.wrap(connect.toByteArray()), true).get(5, TimeUnit.SECONDS);
            assertThat(frames.poll(5, TimeUnit.SECONDS).getConnectAck().getCode()).isZero();

            long start = System.nanoTime();
            int[] pings = {0};
            // Heartbeats as a client sends them, past the header, body and keep-alive deadlines.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(closed).as("WebSocket closed").isNotDone();
                ws.sendBinary(ByteBuffer.wrap(Frame.newBuilder().setRequestId(++pings[0])
                        .setPing(Ping.getDefaultInstance()).build().toByteArray()), true).get(2, TimeUnit.SECONDS);
                Frame pong;
                do {
                    pong = frames.poll(2, TimeUnit.SECONDS);
                } while (pong != null && !pong.hasPong());
                assertThat(pong).as("pong to ping %d", pings[0]).isNotNull();
                return since(start).compareTo(BODY.plus(IDLE)) > 0;
            });
            assertThat(closed).isNotDone();
        } finally {
            ws.abort();
        }
    }
}
