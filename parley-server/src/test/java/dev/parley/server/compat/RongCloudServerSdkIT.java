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
import dev.parley.client.ConversationType;
import dev.parley.client.TextMessage;
import dev.parley.server.support.MessageRecorder;
import io.rong.messages.TxtMessage;
import io.rong.models.Result;
import io.rong.models.group.GroupMember;
import io.rong.models.group.GroupModel;
import io.rong.models.message.GroupMessage;
import io.rong.models.message.PrivateMessage;
import io.rong.models.response.ResponseResult;
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

    @Test
    void privateAndGroupMessagesPublishedByTheOfficialSdkReachOurSdk() throws Exception {
        TokenResult reg = rong.user.register(new UserModel("rc_receiver", "Receiver", "http://example.com/r.png"));
        GroupMember[] members = {new GroupMember("rc_receiver", "rc_group", null), new GroupMember("rc_app", "rc_group", null)};
        assertThat(rong.group.create(new GroupModel().setId("rc_group").setName("RC group").setMembers(members))
                .getCode()).isEqualTo(200);
        ResponseResult priv = rong.message.msgPrivate.send(new PrivateMessage().setSenderId("rc_app")
                .setTargetId(new String[] {"rc_receiver"}).setObjectName("RC:TxtMsg")
                .setContent(new TxtMessage("hello from the app server", "x")).setPushContent("hello"));
        assertThat(priv.getCode()).isEqualTo(200);
        ResponseResult group = rong.message.group.send(new GroupMessage().setSenderId("rc_app")
                .setTargetId(new String[] {"rc_group"}).setObjectName("RC:TxtMsg")
                .setContent(new TxtMessage("hello group", "")));
        assertThat(group.getCode()).isEqualTo(200);
        try (Engines engines = new Engines(dir.resolve("clients3"))) {
            ImEngine engine = engines.create(node, Platform.MOBILE);
            MessageRecorder got = new MessageRecorder();
            engine.setOnMessageReceivedListener(got);
            engine.setOnOfflineMessageSyncCompletedListener(got);
            assertThat(Engines.connect(engine, reg.getToken(), 10).connected.get(10, TimeUnit.SECONDS)).isZero();
            await().until(() -> got.syncCompletions.get() == 1);
            assertThat(got.deliveries).extracting(d -> ((TextMessage) d.message()).getText())
                    .containsExactly("hello from the app server", "hello group");
            assertThat(got.deliveries.get(0).message().getConversationType()).isEqualTo(ConversationType.PRIVATE);
            assertThat(got.deliveries.get(1).message().getConversationType()).isEqualTo(ConversationType.GROUP);
            assertThat(got.deliveries.get(1).message().getTargetId()).isEqualTo("rc_group");
            assertThat(((TextMessage) got.deliveries.get(0).message()).getExtra()).isEqualTo("x");
        }
    }
}
