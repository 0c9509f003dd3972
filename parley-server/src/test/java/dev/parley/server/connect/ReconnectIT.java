package dev.parley.server.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.protocol.ErrorCode;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.Engines;
import dev.parley.server.support.TcpProxy;
import dev.parley.server.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts and automatic reconnection against a real node that is stopped, restarted or goes silent. */
class ReconnectIT {
    @TempDir
    Path dir;

    @Test
    void unreachableGatewayTimesOutWith34006() throws Exception {
        int closedPort = TestNode.freePort();
        try (TestNode node = new TestNode(dir.resolve("node"), List.of("127.0.0.1:" + closedPort));
             Engines engines = new Engines(dir.resolve("clients"))) {
            ImEngine engine = engines.create(node, Platform.DESKTOP);
            long start = System.nanoTime();
            EngineRecorder rec = Engines.connect(engine, node.token("alice"), 2);
            assertThat(rec.connected.get(10, TimeUnit.SECONDS)).isEqualTo(ErrorCode.RC_CONNECT_TIMEOUT);
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsed).isBetween(1500L, 6000L);
            await().until(() -> engine.getConnectionStatus() == ConnectionStatus.TIMEOUT);
            assertThat(rec.events).containsExactly("db:0", "connected:34006:null");
        }
    }

    @Test
    void unlimitedTimeoutConnectsOnceTheServerComesUp() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"));
             Engines engines = new Engines(dir.resolve("clients"))) {
            String token = node.token("bob");
            node.stop();
            ImEngine engine = engines.create(node, Platform.DESKTOP);
            EngineRecorder rec = Engines.connect(engine, token, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> rec.statuses.contains(ConnectionStatus.SUSPEND));
            assertThat(rec.connected).isNotDone();
            node.restart();
            assertThat(rec.connected.get(20, TimeUnit.SECONDS)).isZero();
            assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
        }
    }

    @Test
    void reconnectsByItselfAfterTheServerIsKilledAndRestarted() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"));
             Engines engines = new Engines(dir.resolve("clients"))) {
            ImEngine engine = engines.create(node, Platform.DESKTOP);
            EngineRecorder rec = Engines.connect(engine, node.token("carol"), 10);
            assertThat(rec.connected.get(10, TimeUnit.SECONDS)).isZero();
            node.stop();
            await().until(() -> engine.getConnectionStatus() == ConnectionStatus.SUSPEND
                    || engine.getConnectionStatus() == ConnectionStatus.CONNECTING);
            node.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> engine.getConnectionStatus() == ConnectionStatus.CONNECTED);
            int lost = rec.statuses.indexOf(ConnectionStatus.SUSPEND);
            assertThat(lost).isPositive();
            assertThat(rec.statuses.subList(lost, rec.statuses.size())).endsWith(ConnectionStatus.CONNECTED)
                    .doesNotContain(ConnectionStatus.TOKEN_INCORRECT, ConnectionStatus.KICKED_OFFLINE_BY_OTHER_CLIENT);
            assertThat(rec.events).as("onConnected fires once per connect() call").hasSize(2);
            assertThat(node.api().post("/user/checkOnline.json", "userId", "carol").body().get("status").asText())
                    .isEqualTo("1");
        }
    }

    @Test
    void missedPongsMakeTheSdkReconnect() throws Exception {
        TestNode[] holder = new TestNode[1];
        try (TcpProxy proxy = new TcpProxy(() -> holder[0].tcpPort());
             TestNode node = new TestNode(dir.resolve("node"), List.of(proxyAddress(proxy)));
             Engines engines = new Engines(dir.resolve("clients"))) {
            holder[0] = node;
            ImEngine engine = engines.create(node, Platform.DESKTOP);
            EngineRecorder rec = Engines.connect(engine, node.token("dan"), 10);
            assertThat(rec.connected.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(proxy.accepted()).isEqualTo(1);
            proxy.silenceExisting();
            await().atMost(Duration.ofSeconds(10)).until(() -> rec.statuses.contains(ConnectionStatus.SUSPEND));
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.getConnectionStatus() == ConnectionStatus.CONNECTED);
            assertThat(proxy.accepted()).isGreaterThanOrEqualTo(2);
        }
    }

    private static String proxyAddress(TcpProxy proxy) {
        return proxy.address();
    }
}
