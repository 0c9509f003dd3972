package dev.parley.server.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.TokenClaims;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.Engines;
import dev.parley.server.support.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's stored navigation answer against a real node: a device that connected before goes
 * straight to the gateway, finds a gateway that moved through navigation again, and never gets
 * past the gateway's own token check with it.
 */
class NaviCacheIT {
    private static final Pattern ANSWERED = Pattern.compile("parley_navi_requests_total\\{code=\"200\"[^}]*} ([0-9.]+)");

    @TempDir
    Path dir;
    TestNode node;
    Engines engines;

    @BeforeEach
    void start() {
        node = new TestNode(dir.resolve("node"));
        engines = new Engines(dir.resolve("clients"));
    }

    @AfterEach
    void stop() {
        engines.close();
        node.close();
    }

    /** Options of one device: every engine made from them shares its data dir, as app restarts do. */
    private EngineOptions.Builder device() {
        return engines.options(node, Platform.DESKTOP).dataDir(dir.resolve("phone"));
    }

    /** An app start on the device: a new engine connects, succeeds and is destroyed. */
    private void connectOnce(String token) throws Exception {
        ImEngine engine = engines.create(device());
        EngineRecorder rec = Engines.connect(engine, token, 10);
        assertThat(rec.connected.get(15, TimeUnit.SECONDS)).isZero();
        engine.destroy();
    }

    /** Navigation requests this node answered with gateway addresses since it started. */
    private long navigations() throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.naviUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = ANSWERED.matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aDeviceThatConnectedBeforeGoesStraightToTheGateway() throws Exception {
        String token = node.token("alice");
        connectOnce(token);
        assertThat(navigations()).isEqualTo(1);

        connectOnce(token);
        connectOnce(token);

        assertThat(navigations()).isEqualTo(1);
    }

    @Test
    void aGatewayThatMovedIsFoundThroughNavigationAgain() throws Exception {
        String token = node.token("bob");
        connectOnce(token);

        node.restartOnNewTcpPort();
        connectOnce(token);

        assertThat(navigations()).as("since the restart").isEqualTo(1);
        connectOnce(token);
        assertThat(navigations()).isEqualTo(1);
    }

    @Test
    void aNewTokenNavigatesAgain() throws Exception {
        String first = node.token("carol");
        connectOnce(first);
        String second = node.token("carol");
        while (second.equals(first)) { // issued within the same millisecond
            second = node.token("carol");
        }

        connectOnce(second);

        assertThat(navigations()).isEqualTo(2);
    }

    @Test
    void theGatewayStillChecksTheTokenOfADeviceThatSkipsNavigation() throws Exception {
        String token = node.token("dave");
        connectOnce(token);
        long issued = TokenClaims.parse(token).orElseThrow().issuedAtMillis();
        assertThat(node.api().post("/user/token/expire.json", "userId", "dave", "time", "" + (issued + 1)).code())
                .isEqualTo(200);

        ImEngine engine = engines.create(device());
        EngineRecorder rec = Engines.connect(engine, token, 10);

        assertThat(rec.connected.get(15, TimeUnit.SECONDS)).isEqualTo(ErrorCode.RC_CONN_TOKEN_INCORRECT);
        await().until(() -> engine.getConnectionStatus() == ConnectionStatus.TOKEN_INCORRECT);
        assertThat(navigations()).as("refused by the gateway, not by navigation").isEqualTo(1);
    }
}
