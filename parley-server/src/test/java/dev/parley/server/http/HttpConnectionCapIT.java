package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.wire.Frame;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.RawHttpConnection;
import dev.parley.server.support.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of connections that never send a request cannot take the node's descriptors: past
 * the per-address cap a new connection gets a 503 and is closed, while connections that have
 * been answered once (or have Connected over {@code /ws}) no longer count.
 */
class HttpConnectionCapIT {
    private static final int CAP = HttpLimits.DEFAULT_MAX_UNPROVEN_PER_ADDRESS;
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: node\r\n\r\n";

    @TempDir
    static Path dir;
    static TestNode node;
    final List<RawHttpConnection> held = new ArrayList<>();

    @BeforeAll
    static void start() {
        // Long header deadline: the flood must still be there when the next connection comes.
        node = new TestNode(dir, c -> c.withTimings(Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void closeHeld() {
        held.forEach(RawHttpConnection::close);
        held.clear();
    }

    private RawHttpConnection open(String from) {
        RawHttpConnection c = new RawHttpConnection(node.httpPort(), from);
        held.add(c);
        return c;
    }

    /**
     * Opens connections from {@code from} that never finish a request: the node must let in
     * exactly {@code n} more, and refuse the next. Each test floods from its own loopback
     * address, so what another test left behind cannot count.
     */
    private void assertAdmitsExactly(int n, String from) {
        for (int i = 0; i < n; i++) {
            open(from).write("GET /health HTTP/1.1\r\n"); // half a request: never answered
        }
        assertThat(refusedWithin(held.get(held.size() - 1), Duration.ofSeconds(1)))
                .as("connection %d is let in", n).isFalse();
        RawHttpConnection over = open(from);
        assertThat(refusedWithin(over, Duration.ofSeconds(5))).as("connection %d is refused", n + 1).isTrue();
        assertThat(over.received()).contains("\"code\":1008")
                .contains("too many connections waiting for their first answer");
    }

    private static boolean refusedWithin(RawHttpConnection c, Duration wait) {
        try {
            await().atMost(wait).until(c::closed);
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return c.received().startsWith("HTTP/1.1 503 ");
    }

    @Test
    void connectionsThatNeverSendARequestAreCappedPerAddressWithA503() {
        assertAdmitsExactly(CAP, "127.0.0.2");
    }

    @Test
    void anAnsweredConnectionFreesItsSlot() {
        RawHttpConnection answered = open("127.0.0.3");
        answered.write(HEALTH);
        await().atMost(Duration.ofSeconds(5)).until(() -> answered.responses() == 1);

        assertAdmitsExactly(CAP, "127.0.0.3"); // the answered connection takes no slot
        // The answered keep-alive connection is still open and usable, and did not count.
        answered.write(HEALTH);
        await().atMost(Duration.ofSeconds(5)).until(() -> answered.responses() == 2);

        // Closing one unanswered connection makes room for one new one.
        held.get(1).close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            RawHttpConnection next = open("127.0.0.3");
            next.write(HEALTH);
            await().atMost(Duration.ofSeconds(2)).until(() -> next.responses() == 1);
            assertThat(next.received()).startsWith("HTTP/1.1 200 ");
        });
    }

    @Test
    void aWebSocketThatHasConnectedNoLongerCounts() throws Exception {
        String token = node.token("capped");
        CompletableFuture<Frame> ack = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        try {
                            ack.complete(Frame.parseFrom(data));
                        } catch (Exception e) {
                            ack.completeExceptionally(e);
                        }
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try {
            ws.sendBinary(ByteBuffer.wrap(Frame.newBuilder().setConnect(RawGatewayClient.connect(node.appKey(), token)
                    .setDeviceId("capped")).build().toByteArray()), true).get(5, TimeUnit.SECONDS);
            assertThat(ack.get(5, TimeUnit.SECONDS).getConnectAck().getCode()).isZero();

            // The WebSocket connected from 127.0.0.1 too.
            assertAdmitsExactly(CAP, "127.0.0.1"); // the connected WebSocket takes no slot
        } finally {
            ws.abort();
        }
    }
}
