package dev.parley.server.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
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

/** SPEC §5: one device per platform class, kicks, coexistence, and yielding on reconnect. */
class MultiDeviceIT {
    @TempDir
    Path dir;

    private static void connected(EngineRecorder rec) throws Exception {
        assertThat(rec.connected.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void newLoginInTheSameClassKicksTheOlderDevice() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            ImEngine laptop = engines.create(node, Platform.DESKTOP);
            EngineRecorder first = Engines.connect(laptop, node.token("alice"), 10);
            connected(first);
            ImEngine desktop = engines.create(node, Platform.DESKTOP);
            EngineRecorder second = Engines.connect(desktop, node.token("alice"), 10);
            connected(second);
            await().until(() -> laptop.getConnectionStatus() == ConnectionStatus.KICKED_OFFLINE_BY_OTHER_CLIENT);
            assertThat(desktop.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(node.sessionsOf(node.appKey(), "alice")).hasSize(1);
        }
    }

    @Test
    void differentClassesCoexist() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            ImEngine phone = engines.create(node, Platform.MOBILE);
            ImEngine desktop = engines.create(node, Platform.DESKTOP);
            ImEngine web = engines.create(node, Platform.WEB);
            connected(Engines.connect(phone, node.token("bob"), 10));
            connected(Engines.connect(desktop, node.token("bob"), 10));
            connected(Engines.connect(web, node.token("bob"), 10));
            assertThat(node.sessionsOf(node.appKey(), "bob")).hasSize(3);
            assertThat(List.of(phone, desktop, web)).allMatch(e -> e.getConnectionStatus() == ConnectionStatus.CONNECTED);
        }
    }

    @Test
    void sameDeviceComingBackDoesNotKickItself() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            ImEngine phone = engines.create(node, Platform.MOBILE);
            EngineRecorder rec = Engines.connect(phone, node.token("carl"), 10);
            connected(rec);
            node.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> phone.getConnectionStatus() == ConnectionStatus.CONNECTED
                    && rec.statuses.contains(ConnectionStatus.SUSPEND));
            assertThat(rec.statuses).doesNotContain(ConnectionStatus.KICKED_OFFLINE_BY_OTHER_CLIENT);
        }
    }

    /**
     * Device A's link goes silent; B logs in fresh in the same class, displacing A's session;
     * A then reconnects. By default A kicks B; with kickReconnectDevice A yields.
     */
    private void reconnectAfterAFreshLogin(boolean yield) throws Exception {
        TestNode[] holder = new TestNode[1];
        try (TcpProxy proxy = new TcpProxy(() -> holder[0].tcpPort());
             TestNode node = new TestNode(dir.resolve("node"), List.of(proxy.address()));
             Engines engines = new Engines(dir.resolve("c"))) {
            holder[0] = node;
            ImEngine a = engines.create(engines.options(node, Platform.DESKTOP).kickReconnectDevice(yield));
            EngineRecorder recA = Engines.connect(a, node.token("dora"), 10);
            connected(recA);
            proxy.silenceExisting();
            ImEngine b = engines.create(node, Platform.DESKTOP);
            EngineRecorder recB = Engines.connect(b, node.token("dora"), 10);
            connected(recB);
            if (yield) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> a.getConnectionStatus() == ConnectionStatus.KICKED_OFFLINE_BY_OTHER_CLIENT);
                assertThat(b.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
            } else {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> b.getConnectionStatus() == ConnectionStatus.KICKED_OFFLINE_BY_OTHER_CLIENT);
                await().until(() -> a.getConnectionStatus() == ConnectionStatus.CONNECTED);
            }
        }
    }

    @Test
    void reconnectingDeviceKicksAFreshLoginByDefault() throws Exception {
        reconnectAfterAFreshLogin(false);
    }

    @Test
    void reconnectingDeviceYieldsWithKickReconnectDevice() throws Exception {
        reconnectAfterAFreshLogin(true);
    }
}
