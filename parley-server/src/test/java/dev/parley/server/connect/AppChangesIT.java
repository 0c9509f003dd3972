package dev.parley.server.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppStatus;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.Engines;
import dev.parley.server.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocking, deleting an app or resetting its secret ends its live sessions within seconds,
 * even when the change is made by the CLI beside the node (seen by the node's periodic
 * reload), and leaves other apps' sessions alone.
 */
class AppChangesIT {
    /** The node reloads apps every 2 s; a kick reaches the engine well within this. */
    private static final Duration WITHIN = Duration.ofSeconds(6);

    @TempDir
    Path dir;
    TestNode node;
    Engines engines;
    AppRecord app;

    @BeforeEach
    void start() {
        node = new TestNode(dir.resolve("node"));
        engines = new Engines(dir.resolve("clients"));
        app = node.server().appAdmin().create("changing");
        node.awaitAppsSettled();
    }

    @AfterEach
    void stop() {
        engines.close();
        node.close();
    }

    /** Changes apps the way {@code ./parley app ...} does: its own connection to the node's storage. */
    private void asTheCli(Consumer<AppAdmin> change) {
        node.asTheCli(change);
    }

    private record Online(ImEngine engine, EngineRecorder recorder) {
    }

    private Online online(String appKey, String appSecret, String user) throws Exception {
        ImEngine engine = engines.create(engines.options(node, Platform.DESKTOP).appKey(appKey));
        String token = new ApiClient(node.naviUrl(), appKey, appSecret).token(user);
        EngineRecorder rec = Engines.connect(engine, token, 10);
        assertThat(rec.connected.get(15, TimeUnit.SECONDS)).isZero();
        return new Online(engine, rec);
    }

    @ParameterizedTest
    @EnumSource(value = AppStatus.class, names = {"BLOCKED", "DELETED"})
    void aBlockedOrDeletedAppsLiveSessionsEndWith31008AndStopReconnecting(AppStatus status) throws Exception {
        Online mine = online(app.appKey(), app.appSecret(), "ann");
        Online otherApp = online(node.appKey(), node.appSecret(), "bob");

        asTheCli(admin -> admin.setStatus(app.appKey(), status));

        await().atMost(WITHIN).until(() -> mine.engine().getConnectionStatus() == ConnectionStatus.UNCONNECTED);
        // Terminal: it stays down instead of trying again.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> mine.engine().getConnectionStatus() == ConnectionStatus.UNCONNECTED);
        assertThat(mine.recorder().statuses).doesNotContain(ConnectionStatus.SUSPEND);
        assertThat(node.sessionsOf(app.appKey(), "ann")).isEmpty();
        assertThat(otherApp.engine().getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @Test
    void resettingTheSecretEndsTheAppsLiveSessionsWithTokenIncorrect() throws Exception {
        Online mine = online(app.appKey(), app.appSecret(), "cid");
        Online otherApp = online(node.appKey(), node.appSecret(), "dan");

        asTheCli(admin -> admin.resetSecret(app.appKey()));

        await().atMost(WITHIN).until(() -> mine.engine().getConnectionStatus() == ConnectionStatus.TOKEN_INCORRECT);
        assertThat(mine.recorder().statuses).doesNotContain(ConnectionStatus.SUSPEND);
        assertThat(node.sessionsOf(app.appKey(), "cid")).isEmpty();
        assertThat(otherApp.engine().getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @Test
    void otherSettingsLeaveLiveSessionsUp() throws Exception {
        Online mine = online(app.appKey(), app.appSecret(), "eve");

        asTheCli(admin -> admin.setTokenTtl(app.appKey(), 3600));
        node.servers().forEach(s -> s.apps().reload());

        assertThat(mine.engine().getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(node.sessionsOf(app.appKey(), "eve")).hasSize(1);
        assertThat(List.copyOf(mine.recorder().statuses)).endsWith(ConnectionStatus.CONNECTED);
    }
}
