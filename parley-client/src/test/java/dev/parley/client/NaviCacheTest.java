package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.EngineTestBase;
import dev.parley.client.testing.FakeGateway;
import dev.parley.client.testing.FakeNavi;
import dev.parley.client.testing.RecordingCallback;
import dev.parley.client.testing.StatusRecorder;
import dev.parley.client.testing.Tokens;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Connect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The navigation answer kept in the user database, and when it is not used. */
class NaviCacheTest extends EngineTestBase {

    /** Connects a new engine (the next app start, in effect), waits for success, then destroys it. */
    private void connectOnce(String token) throws Exception {
        connectOnce(token, b -> { });
    }

    private void connectOnce(String token, Consumer<EngineOptions.Builder> tweak) throws Exception {
        ImEngine engine = newEngine(tweak);
        RecordingCallback cb = new RecordingCallback();
        assertThat(engine.connect(token, 10, cb)).isZero();
        assertThat(cb.connected.get(10, TimeUnit.SECONDS)).isZero();
        engine.destroy();
    }

    @Test
    void aLaterEngineOfTheUserConnectsWithoutAskingNavigation() throws Exception {
        String token = token("alice");
        connectOnce(token);
        assertThat(navi.requests).hasSize(1);

        connectOnce(token);
        connectOnce(token);

        assertThat(navi.requests).as("only the first engine navigated").hasSize(1);
        assertThat(gateway.connects).hasSize(3).extracting(Connect::getToken).containsOnly(token);
    }

    @Test
    void aStoredGatewayThatNoLongerAnswersLeadsToAFreshNavigation() throws Exception {
        String token = token("bob");
        connectOnce(token);
        try (FakeGateway moved = new FakeGateway().start()) {
            // The node moved: the stored address refuses connections, navigation knows the new one.
            navi.pointAt(moved);
            gateway.stop();

            connectOnce(token);

            assertThat(navi.requests).hasSize(2);
            assertThat(gateway.connects).hasSize(1);
            assertThat(moved.connects).hasSize(1);

            // The new answer replaced the dead one in the store.
            connectOnce(token);
            assertThat(navi.requests).hasSize(2);
            assertThat(moved.connects).hasSize(2);
        }
    }

    @Test
    void aStoredGatewayThatFailsIsForgottenAtOnce() throws Exception {
        String token = token("bill");
        connectOnce(token);
        gateway.stop();
        navi.code = ErrorCode.RC_NAVI_RESPONSE_ERROR;
        ImEngine engine = newEngine();

        engine.connect(token, 0, new RecordingCallback());

        // One failure of the stored gateway sends the engine to navigation (down too, here) ...
        await().atMost(Duration.ofSeconds(10)).until(() -> navi.requests.size() == 2);
        // ... and the stored answer is gone, so the next app start does not try it again.
        assertThat(storedNavigation("bill")).isNull();
        assertThat(gateway.connects).hasSize(1);
    }

    @Test
    void aDifferentTokenIsNotServedFromTheStore() throws Exception {
        long now = System.currentTimeMillis();
        String first = Tokens.forUser(APP_KEY, "carol", now - 60_000);
        String second = Tokens.forUser(APP_KEY, "carol", now);
        connectOnce(first);

        connectOnce(second);

        assertThat(navi.requests).hasSize(2);
        assertThat(navi.requests.get(1).form()).containsEntry("token", second);
        // ... and the answer for the new token is the one kept now.
        connectOnce(second);
        assertThat(navi.requests).hasSize(2);
    }

    @Test
    void aDifferentNavigationServerIsNotServedFromTheStore() throws Exception {
        String token = token("dave");
        connectOnce(token);
        try (FakeNavi otherNavi = new FakeNavi().pointAt(gateway)) {
            connectOnce(token, b -> b.naviServer(otherNavi.url()));

            assertThat(otherNavi.requests).hasSize(1);
        }
    }

    @Test
    void aZeroLifetimeAlwaysNavigatesAndStoresNothing() throws Exception {
        String token = token("erin");
        connectOnce(token, b -> b.naviCacheLifetime(Duration.ZERO));
        connectOnce(token, b -> b.naviCacheLifetime(Duration.ZERO));

        assertThat(navi.requests).hasSize(2);
        assertThat(storedNavigation("erin")).isNull();
    }

    @Test
    void theStoreKeepsAHashOfTheTokenNeverTheToken() throws Exception {
        String token = token("frank");
        connectOnce(token);

        assertThat(storedNavigation("frank")).isNotNull().doesNotContain(token).contains(gateway.tcpAddress());
        try (Stream<Path> files = Files.list(dataDir.resolve(APP_KEY))) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(token);
            }
        }
    }

    @Test
    void aRedirectFromAStoredGatewaySendsTheEngineBackToNavigation() throws Exception {
        String token = token("grace");
        connectOnce(token);
        gateway.ackCode = ErrorCode.RC_CONN_REDIRECTED;
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();

        engine.connect(token, 0, cb);

        await().atMost(Duration.ofSeconds(10)).until(() -> navi.requests.size() >= 2);
        assertThat(storedNavigation("grace")).as("the redirected answer is dropped from the store").isNull();
        gateway.ackCode = ErrorCode.SUCCESS;
        assertThat(cb.connected.get(10, TimeUnit.SECONDS)).isZero();
        engine.destroy();
        assertThat(storedNavigation("grace")).isNotNull();
    }

    @Test
    void aDrainingNodeKickingALiveSessionWith31006SendsItThroughNavigationToAnotherNode() throws Exception {
        ImEngine engine = newEngine();
        StatusRecorder statuses = new StatusRecorder();
        engine.setOnConnectionStatusChangedListener(statuses);
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("ivan"), 10, cb);
        assertThat(cb.connected.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(navi.requests).hasSize(1);
        try (FakeGateway other = new FakeGateway().start()) {
            navi.pointAt(other);

            gateway.kickAll(ErrorCode.RC_CONN_REDIRECTED, "this node is draining: go back to navigation");

            await().atMost(Duration.ofSeconds(10)).until(() -> other.connects.size() == 1
                    && engine.getConnectionStatus() == ConnectionStatus.CONNECTED);
            assertThat(navi.requests).as("navigated afresh instead of going back to the same node").hasSize(2);
            assertThat(other.connects.get(0).getReconnect()).isTrue();
            assertThat(statuses.history).containsSubsequence(ConnectionStatus.CONNECTED, ConnectionStatus.SUSPEND,
                    ConnectionStatus.CONNECTING, ConnectionStatus.CONNECTED);
            assertThat(cb.events).as("nothing reported to the app").containsExactly("db:0", "connected:0:ivan");
            assertThat(gateway.connects).hasSize(1);
            engine.destroy();
            assertThat(storedNavigation("ivan")).contains(other.tcpAddress()).doesNotContain(gateway.tcpAddress());
        }
    }

    @Test
    void oneEngineReconnectingUsesItsAnswerWithoutNavigatingAgain() throws Exception {
        ImEngine engine = newEngine();
        RecordingCallback cb = new RecordingCallback();
        engine.connect(token("heidi"), 10, cb);
        assertThat(cb.connected.get(10, TimeUnit.SECONDS)).isZero();

        gateway.dropAll();

        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.connects.size() == 2
                && engine.getConnectionStatus() == ConnectionStatus.CONNECTED);
        assertThat(navi.requests).hasSize(1);
    }

    /** The {@code navi_cache} row of the user's database, or null. */
    private String storedNavigation(String userId) throws Exception {
        Path file = dataDir.resolve(APP_KEY).resolve(userId + ".db");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'navi_cache'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
