package dev.parley.server.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.client.Transport;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.TokenClaims;
import dev.parley.server.store.AppRecord;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.Engines;
import dev.parley.server.support.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connect path end to end: real node, real SDK engines, real files. */
class ConnectIT {
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

    private static int onConnected(EngineRecorder rec) throws Exception {
        return rec.connected.get(15, TimeUnit.SECONDS);
    }

    private boolean online(String userId) {
        return node.api().post("/user/checkOnline.json", "userId", userId).body().get("status").asText().equals("1");
    }

    @Test
    void connectsWithCallbacksInOrderOnTheSdkThread() throws Exception {
        ImEngine engine = engines.create(node, Platform.DESKTOP);
        EngineRecorder rec = Engines.connect(engine, node.token("alice"), 10);
        assertThat(onConnected(rec)).isZero();
        assertThat(rec.events).containsExactly("db:0", "connected:0:alice");
        assertThat(rec.callbackThreads).doesNotContain(Thread.currentThread().getName());
        assertThat(engine.getCurrentUserId()).isEqualTo("alice");
        await().until(() -> rec.lastStatus() == ConnectionStatus.CONNECTED);
        assertThat(rec.statuses).startsWith(ConnectionStatus.CONNECTING).endsWith(ConnectionStatus.CONNECTED);
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(Math.abs(engine.getDeltaTime())).isLessThan(5000);
        assertThat(online("alice")).isTrue();
        assertThat(Files.list(dir.resolve("clients")).flatMap(d -> {
            try {
                return Files.walk(d);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).anyMatch(p -> p.endsWith(Path.of(node.appKey(), "alice.db")))).isTrue();
    }

    @Test
    void connectsOverWebSocket() throws Exception {
        ImEngine engine = engines.create(node, Transport.WEBSOCKET);
        EngineRecorder rec = Engines.connect(engine, node.token("wsalice"), 10);
        assertThat(onConnected(rec)).isZero();
        assertThat(online("wsalice")).isTrue();
    }

    @Test
    void synchronousReturnCodes() throws Exception {
        ImEngine engine = engines.create(node, Platform.DESKTOP);
        EngineRecorder rec = new EngineRecorder();
        assertThat(engine.connect("", 10, rec)).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(engine.connect(null, 10, rec)).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(engine.connect(node.token("bob"), 10, null)).isEqualTo(ErrorCode.INVALID_PARAMETER);
        String token = node.token("bob");
        assertThat(engine.connect(token, 10, rec)).isZero();
        int second = engine.connect(token, 10, new EngineRecorder());
        // Either still connecting or already connected: both are refusals without a callback.
        assertThat(second).isIn(ErrorCode.RC_CONNECTION_EXIST, ErrorCode.RC_CONNECTION_ALREADY_CONNECTED);
        assertThat(onConnected(rec)).isZero();
        assertThat(engine.connect(token, 10, new EngineRecorder())).isEqualTo(ErrorCode.RC_CONNECTION_ALREADY_CONNECTED);
        engine.destroy();
        assertThat(engine.connect(token, 10, new EngineRecorder())).isEqualTo(ErrorCode.CLIENT_NOT_INIT);
        assertThat(engine.disconnect(false)).isEqualTo(ErrorCode.CLIENT_NOT_INIT);
    }

    private EngineRecorder refusedWith(ImEngine engine, String token, int code, ConnectionStatus status)
            throws Exception {
        return refusedWith(engine, token, code, status, "");
    }

    private EngineRecorder refusedWith(ImEngine engine, String token, int code, ConnectionStatus status, String reason)
            throws Exception {
        EngineRecorder rec = Engines.connect(engine, token, 10);
        assertThat(onConnected(rec)).isEqualTo(code);
        assertThat(engine.getLastFailureDetail()).startsWith(Integer.toString(code)).contains(reason);
        assertThat(rec.events).last().isEqualTo("connected:" + code + ":null");
        await().until(() -> engine.getConnectionStatus() == status);
        assertThat(engine.getCurrentUserId()).isNull();
        return rec;
    }

    @Test
    void forgedTokenIsRefusedWith31004() throws Exception {
        String real = node.token("carol");
        TokenClaims.Parts parts = TokenClaims.split(real).orElseThrow();
        String forged = TokenClaims.format(new TokenClaims(node.appKey(), "root", 1, 0).toBytes(), parts.mac());
        EngineRecorder rec = refusedWith(engines.create(node, Platform.DESKTOP), forged,
                ErrorCode.RC_CONN_TOKEN_INCORRECT, ConnectionStatus.TOKEN_INCORRECT, "bad signature");
        assertThat(rec.events).first().isEqualTo("db:0");
    }

    @Test
    void tokenOfAnotherAppIsRefusedWith31004() throws Exception {
        AppRecord other = node.server().appAdmin().create("other");
        node.awaitAppsSettled();
        String foreign = new ApiClient(node.naviUrl(), other.appKey(), other.appSecret()).token("dave");
        refusedWith(engines.create(node, Platform.DESKTOP), foreign, ErrorCode.RC_CONN_TOKEN_INCORRECT,
                ConnectionStatus.TOKEN_INCORRECT, "another app");
    }

    @Test
    void expiredTokenIsRefusedWith31004() throws Exception {
        node.server().appAdmin().setTokenTtl(node.appKey(), 1);
        node.awaitAppsSettled();
        String token = node.token("erin");
        long expires = TokenClaims.parse(token).orElseThrow().expiresAtMillis();
        assertThat(expires).isPositive();
        await().atMost(Duration.ofSeconds(3)).until(() -> System.currentTimeMillis() > expires);
        refusedWith(engines.create(node, Platform.DESKTOP), token, ErrorCode.RC_CONN_TOKEN_INCORRECT,
                ConnectionStatus.TOKEN_INCORRECT, "expired");
    }

    @Test
    void revokedTokenIsRefusedButANewerOneWorks() throws Exception {
        String old = node.token("frank");
        long issued = TokenClaims.parse(old).orElseThrow().issuedAtMillis();
        assertThat(node.api().post("/user/token/expire.json", "userId", "frank", "time", "" + (issued + 1)).code())
                .isEqualTo(200);
        refusedWith(engines.create(node, Platform.DESKTOP), old, ErrorCode.RC_CONN_TOKEN_INCORRECT,
                ConnectionStatus.TOKEN_INCORRECT, "revoked");
        await().until(() -> System.currentTimeMillis() > issued + 1);
        EngineRecorder ok = Engines.connect(engines.create(node, Platform.DESKTOP), node.token("frank"), 10);
        assertThat(onConnected(ok)).isZero();
    }

    @Test
    void resettingTheSecretVoidsTokens() throws Exception {
        String token = node.token("gina");
        node.server().appAdmin().resetSecret(node.appKey());
        node.awaitAppsSettled();
        refusedWith(engines.create(node, Platform.DESKTOP), token, ErrorCode.RC_CONN_TOKEN_INCORRECT,
                ConnectionStatus.TOKEN_INCORRECT);
    }

    @Test
    void unknownAppKeyIsRefusedWith31002() throws Exception {
        String token = node.token("hank");
        ImEngine engine = engines.create(engines.options(node, Platform.DESKTOP).appKey("unknownappkey"));
        EngineRecorder rec = Engines.connect(engine, token, 10);
        assertThat(onConnected(rec)).isEqualTo(ErrorCode.RC_CONN_ID_REJECT);
    }

    @Test
    void blockedUserIsRefusedWith31009() throws Exception {
        String token = node.token("ivan");
        assertThat(node.api().post("/user/block.json", "userId", "ivan", "minute", "5").code()).isEqualTo(200);
        refusedWith(engines.create(node, Platform.DESKTOP), token, ErrorCode.RC_CONN_USER_BLOCKED,
                ConnectionStatus.CONN_USER_BLOCKED, "blocked");
        assertThat(node.api().post("/user/unblock.json", "userId", "ivan").code()).isEqualTo(200);
        EngineRecorder ok = Engines.connect(engines.create(node, Platform.DESKTOP), token, 10);
        assertThat(onConnected(ok)).isZero();
    }

    @Test
    void blockWhileOnlineDropsTheSessionWith31011() throws Exception {
        ImEngine engine = engines.create(node, Platform.DESKTOP);
        EngineRecorder rec = Engines.connect(engine, node.token("judy"), 10);
        assertThat(onConnected(rec)).isZero();
        assertThat(node.api().post("/user/block.json", "userId", "judy", "minute", "1").code()).isEqualTo(200);
        await().until(() -> engine.getConnectionStatus() == ConnectionStatus.CONN_USER_BLOCKED);
        await().until(() -> !online("judy"));
        assertThat(rec.statuses).doesNotContain(ConnectionStatus.SUSPEND);
    }

    @Test
    void revocationLeavesLiveConnectionsUpButRefusesTheirReconnect() throws Exception {
        ImEngine engine = engines.create(node, Platform.DESKTOP);
        String token = node.token("kate");
        EngineRecorder rec = Engines.connect(engine, token, 10);
        assertThat(onConnected(rec)).isZero();
        long issued = TokenClaims.parse(token).orElseThrow().issuedAtMillis();
        node.api().post("/user/token/expire.json", "userId", "kate", "time", "" + (issued + 1));
        assertThat(online("kate")).isTrue();
        assertThat(engine.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED);
        node.restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> engine.getConnectionStatus() == ConnectionStatus.TOKEN_INCORRECT);
    }

    @Test
    void disconnectSignsOutAndConnectWorksAgain() throws Exception {
        ImEngine engine = engines.create(node, Platform.DESKTOP);
        String token = node.token("liam");
        EngineRecorder rec = Engines.connect(engine, token, 10);
        assertThat(onConnected(rec)).isZero();
        assertThat(engine.disconnect(true)).isZero();
        await().until(() -> engine.getConnectionStatus() == ConnectionStatus.SIGN_OUT);
        await().until(() -> !online("liam"));
        EngineRecorder again = Engines.connect(engine, token, 10);
        assertThat(onConnected(again)).isZero();
        assertThat(online("liam")).isTrue();
    }
}
