package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.RawSocket;
import dev.parley.server.support.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that asks and never reads the answers costs the node a bounded amount and is closed; others are served. */
class BackpressureIT {
    private static final int SYNCS = 300;

    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() {
        // An idle timeout of 10 s makes the write stall timeout 5 s (half of it).
        node = new TestNode(dir, cfg -> cfg.withTimings(Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofSeconds(2)));
        node.server().appAdmin().setSendRateLimit(node.appKey(), 0);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Logs {@code user} in on a fresh client whose socket buffers at most {@code receiveBuffer} unread (0: default). */
    private static RawGatewayClient login(String user, int receiveBuffer) throws IOException {
        String token = node.token(user); // before the socket: it must authenticate within 2 s
        RawGatewayClient c = new RawGatewayClient(node.tcpPort(), receiveBuffer);
        assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), token).setDeviceId(user + "-d")).getCode())
                .isZero();
        return c;
    }

    @Test
    void aClientThatSendsHundredsOfSyncsAndNeverReadsIsBoundedAndClosedWhileOthersAreServed() throws Exception {
        // Two large messages in the flooder's inbox: every sync from 0 answers about 240 KiB.
        String big = "{\"content\":\"" + "y".repeat(120 * 1024) + "\"}";
        try (RawGatewayClient sender = login("bp_sender", 0)) {
            for (int i = 0; i < 2; i++) {
                assertThat(sender.request(Frame.newBuilder().setSend(Send.newBuilder()
                        .setClientMsgId(UUID.randomUUID().toString()).setConversationType(ConversationType.PRIVATE)
                        .setTargetId("bp_flooder").setObjectName("RC:TxtMsg").setContent(big))).getSendAck()
                        .getCode()).isZero();
            }
        }
        double stallsBefore = node.metric("parley_gateway_write_stalls_total");

        try (RawGatewayClient flooder = login("bp_flooder", 4096);
             RawGatewayClient good = login("bp_good", 0)) {
            ByteArrayOutputStream syncs = new ByteArrayOutputStream();
            for (int i = 0; i < SYNCS; i++) {
                Frame.newBuilder().setRequestId(1000 + i).setSync(SyncRequest.newBuilder().setAfterSeq(0)).build()
                        .writeDelimitedTo(syncs);
            }
            flooder.sendRaw(syncs.toByteArray()); // and never reads

            // The well-behaved client keeps getting its answers meanwhile.
            CountDownLatch answered = new CountDownLatch(40);
            CompletableFuture<Void> goodClient = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        if (good.request(Frame.newBuilder().setSync(SyncRequest.newBuilder())).hasSyncResult()) {
                            answered.countDown();
                        }
                        if (good.request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                                .setConversationType(ConversationType.PRIVATE).setTargetId("bp_sender")))
                                .hasHistoryResult()) {
                            answered.countDown();
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            // Until the node gives up on the flooder, its pending work stays bounded: a few requests
            // on the executors, the outbound buffer near its high-water mark (1 MiB), not 300 answers.
            // The first sample over a bound fails the test at once.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .failFast("the node's pending work for the flooder exceeded its bound", () -> {
                        assertThat(node.metric("parley_gateway_requests_in_flight"))
                                .as("requests on the messaging executors")
                                .isLessThanOrEqualTo(InFlightLimiter.MAX_IN_FLIGHT + 1);
                        assertThat(node.metric("parley_gateway_outbound_pending_bytes"))
                                .as("bytes the node holds for its sessions").isLessThanOrEqualTo(4.0 * 1024 * 1024);
                    })
                    .untilAsserted(() -> assertThat(node.metric("parley_gateway_write_stalls_total"))
                            .as("connections closed for not reading").isEqualTo(stallsBefore + 1));
            assertThat(answered.await(30, TimeUnit.SECONDS)).as("the good client's 40 answers").isTrue();
            goodClient.get(30, TimeUnit.SECONDS);
            assertThat(RawSocket.closedWithin(flooder.socket(), 10_000)).as("the flooder is closed").isTrue();
            assertThat(node.metric("parley_gateway_requests_waiting")).isZero();
        }
    }
}
