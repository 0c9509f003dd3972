package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.ConnectAck;
import dev.parley.protocol.wire.Frame;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.Engines;
import dev.parley.server.support.MessageRecorder;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node draining (SPEC §4, 31006): new connections refused, live ones sent back to navigation, nothing lost. */
class DrainIT {
    @TempDir
    Path dir;

    @Test
    void aDrainingNodeRefusesNewConnectionsWith31006UntilTheDrainIsLifted() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"))) {
            String token = node.token("ann");
            node.server().drain();
            assertThat(node.server().draining()).isTrue();

            try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
                ConnectAck ack = c.handshake(RawGatewayClient.connect(node.appKey(), token));
                assertThat(ack.getCode()).isEqualTo(ErrorCode.RC_CONN_REDIRECTED);
                assertThat(ack.getDetail()).contains("navigation");
            }
            assertThat(node.server().sessions().size()).isZero();

            node.server().liftDrain();

            assertThat(node.server().draining()).isFalse();
            try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
                assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), token)).getCode()).isZero();
            }
        }
    }

    @Test
    void aLiveSessionIsKickedWith31006AndTheConnectionClosed() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"));
             RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), node.token("bea"))).getCode()).isZero();

            assertThat(node.server().drainAndWait(Duration.ofMillis(300))).as("no session left").isTrue();

            Frame kick = c.next();
            assertThat(kick.getKick().getCode()).isEqualTo(ErrorCode.RC_CONN_REDIRECTED);
            assertThat(c.socket().getInputStream().read()).as("closed after the kick").isEqualTo(-1);
            assertThat(node.server().sessions().size()).isZero();
        }
    }

    @Test
    void theKicksAreSpreadOverTheDrainPeriodNotSentInOneInstant() throws Exception {
        int users = 20;
        try (TestNode node = new TestNode(dir.resolve("node"))) {
            List<RawGatewayClient> clients = new ArrayList<>();
            List<CompletableFuture<Long>> kickedAt = new ArrayList<>();
            try {
                for (int i = 0; i < users; i++) {
                    RawGatewayClient c = new RawGatewayClient(node.tcpPort());
                    clients.add(c);
                    assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), node.token("u" + i))).getCode()).isZero();
                    kickedAt.add(CompletableFuture.supplyAsync(() -> kickTime(c)));
                }
                long start = System.nanoTime();

                assertThat(node.server().drainAndWait(Duration.ofSeconds(1))).isTrue();

                List<Long> millis = kickedAt.stream().map(f -> TimeUnit.NANOSECONDS.toMillis(f.join() - start)).sorted().toList();
                assertThat(millis.get(0)).as("first batch at once").isLessThan(300);
                assertThat(millis.get(users - 1) - millis.get(0)).as("last batch most of a second later")
                        .isBetween(600L, 1500L);
            } finally {
                for (RawGatewayClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void sdkSessionsComeBackWhenTheDrainIsLiftedWithEveryMessageExactlyOnceInOrder() throws Exception {
        try (TestNode node = TestNode.withoutSendLimit(dir.resolve("node"));
             Engines engines = new Engines(dir.resolve("clients"))) {
            MessageRecorder received = new MessageRecorder();
            ImEngine bob = engines.create(node, Platform.DESKTOP);
            bob.setOnMessageReceivedListener(received);
            bob.setOnOfflineMessageSyncCompletedListener(received);
            EngineRecorder rec = Engines.connect(bob, node.token("bob"), 10);
            assertThat(rec.connected.get(10, TimeUnit.SECONDS)).isZero();
            List<String> sent = new ArrayList<>();
            publish(node, sent, 0, 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.deliveries.size() == 10);

            CompletableFuture<Void> drained = node.server().drain();
            // Sent while bob is being told to go and while he cannot come back: they wait in his inbox.
            publish(node, sent, 10, 20);
            drained.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> bob.getConnectionStatus() != ConnectionStatus.CONNECTED);
            publish(node, sent, 20, 30);
            node.server().liftDrain();

            await().atMost(Duration.ofSeconds(20)).until(() -> bob.getConnectionStatus() == ConnectionStatus.CONNECTED
                    && received.deliveries.size() >= 30);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> received.deliveries.size() == 30);
            assertThat(received.contents()).containsExactlyElementsOf(sent);
            int lost = rec.statuses.indexOf(ConnectionStatus.SUSPEND);
            assertThat(lost).as("the kick was a reconnect, not an end").isPositive();
            assertThat(rec.statuses.subList(lost, rec.statuses.size())).endsWith(ConnectionStatus.CONNECTED)
                    .containsOnly(ConnectionStatus.SUSPEND, ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED);
            assertThat(rec.events).as("nothing reported to the app").containsExactly("db:0", "connected:0:bob");
        }
    }

    @Test
    void drainListenersHearTheStateAtOnceAndEveryChange() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"))) {
            List<Boolean> heard = new CopyOnWriteArrayList<>();
            node.server().onDrainChange(heard::add);

            node.server().drain();
            node.server().drain(); // already draining: no second change
            node.server().liftDrain();

            assertThat(heard).containsExactly(false, true, false);
        }
    }

    private static void publish(TestNode node, List<String> sent, int from, int to) {
        IntStream.range(from, to).forEach(i -> {
            String content = "{\"content\":\"m" + i + "\"}";
            assertThat(node.api().post("/message/private/publish.json", "fromUserId", "alice", "toUserId", "bob",
                    "objectName", "RC:TxtMsg", "content", content).code()).isEqualTo(200);
            sent.add(content);
        });
    }

    private static long kickTime(RawGatewayClient c) {
        try {
            Frame f = c.next();
            if (f.getKick().getCode() != ErrorCode.RC_CONN_REDIRECTED) {
                throw new AssertionError("expected a 31006 kick, got " + f);
            }
            return System.nanoTime();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
