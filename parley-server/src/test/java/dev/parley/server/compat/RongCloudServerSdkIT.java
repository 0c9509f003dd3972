package dev.parley.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.protocol.TokenClaims;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.Engines;
import dev.parley.server.support.TestNode;
import io.rong.RongCloud;
import io.rong.RongCloudConfig;
import io.rong.models.Result;
import io.rong.models.response.CheckOnlineResult;
import io.rong.models.response.TokenResult;
import io.rong.models.user.ExpireModel;
import io.rong.models.user.UserModel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire compatibility of the Server API with RongCloud's official Java server SDK: an app
 * server already written against it works with Parley by changing the API host. That SDK
 * signs with timestamps in seconds and nonces like {@code 538917.2331237112}.
 */
class RongCloudServerSdkIT {
    @TempDir
    static Path dir;
    static TestNode node;
    static RongCloud rong;

    @BeforeAll
    static void start() {
        node = new TestNode(dir.resolve("node"));
        rong = RongCloud.getInstance(node.appKey(), node.appSecret(), new RongCloudConfig(node.naviUrl()));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void tokenFromTheOfficialSdkConnectsOurSdk() throws Exception {
        TokenResult result = rong.user.register(new UserModel("rc_user", "RC User", "http://example.com/p.png"));
        assertThat(result.getCode()).isEqualTo(200);
        assertThat(result.getUserId()).isEqualTo("rc_user");
        try (Engines engines = new Engines(dir.resolve("clients"))) {
            ImEngine engine = engines.create(node, Platform.MOBILE);
            EngineRecorder rec = Engines.connect(engine, result.getToken(), 10);
            assertThat(rec.connected.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(engine.getCurrentUserId()).isEqualTo("rc_user");

            CheckOnlineResult online = rong.user.onlineStatus.check(new UserModel().setId("rc_user"));
            assertThat(online.getCode()).isEqualTo(200);
            assertThat(online.getStatus()).isEqualTo("1");

            Result block = rong.user.block.add(new UserModel().setId("rc_user").setMinute(10));
            assertThat(block.getCode()).isEqualTo(200);
            await().until(() -> engine.getConnectionStatus() == ConnectionStatus.CONN_USER_BLOCKED);
            assertThat(rong.user.block.getList().toString()).contains("rc_user");
            assertThat(rong.user.block.remove("rc_user").getCode()).isEqualTo(200);
        }
    }

    @Test
    void updateAndExpireThroughTheOfficialSdk() throws Exception {
        TokenResult result = rong.user.register(new UserModel("rc_user2", "Two", "http://example.com/2.png"));
        assertThat(rong.user.update(new UserModel("rc_user2", "Second", "http://example.com/2b.png")).getCode())
                .isEqualTo(200);
        long issued = TokenClaims.parse(result.getToken()).orElseThrow().issuedAtMillis();
        Result expire = rong.user.expire(new ExpireModel().setUserId(new String[] {"rc_user2"}).setTime(issued + 1));
        assertThat(expire.getCode()).isEqualTo(200);
        try (Engines engines = new Engines(dir.resolve("clients2"))) {
            EngineRecorder rec = Engines.connect(engines.create(node, Platform.DESKTOP), result.getToken(), 10);
            assertThat(rec.connected.get(10, TimeUnit.SECONDS)).isEqualTo(31004);
        }
    }
}
