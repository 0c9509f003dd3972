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
import io.rong.messages.TypingStatusMessage;
import io.rong.models.chatroom.ChatroomModel;
import io.rong.models.message.GroupStatusMessage;
import io.rong.models.message.MentionMessage;
import io.rong.models.message.MentionMessageContent;
import io.rong.models.message.MentionedInfo;
import io.rong.models.message.PrivateStatusMessage;
import io.rong.models.message.RecallMessage;
import dev.parley.client.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /** A connected engine of {@code user} that has finished its first sync, recording what it got. */
    private static MessageRecorder synced(Engines engines, String user) throws Exception {
        ImEngine engine = engines.create(node, Platform.MOBILE);
        MessageRecorder got = new MessageRecorder();
        engine.setOnMessageReceivedListener(got);
        engine.setOnOfflineMessageSyncCompletedListener(got);
        assertThat(Engines.connect(engine, node.token(user), 10).connected.get(10, TimeUnit.SECONDS)).isZero();
        await().until(() -> got.syncCompletions.get() == 1);
        return got;
    }

    private static void group(String groupId, String... members) throws Exception {
        GroupMember[] list = new GroupMember[members.length];
        for (int i = 0; i < members.length; i++) {
            list[i] = new GroupMember(members[i], groupId, null);
        }
        assertThat(rong.group.create(new GroupModel().setId(groupId).setName(groupId).setMembers(list)).getCode())
                .isEqualTo(200);
    }

    @Test
    void sendDirectionReachesOnlyTheAddressedMembers() throws Exception {
        group("rc_dir", "rc_dir_app", "rc_dir_a", "rc_dir_b", "rc_dir_c");
        ResponseResult sent = rong.message.group.sendDirection(new GroupMessage().setSenderId("rc_dir_app")
                .setTargetId(new String[] {"rc_dir"}).setToUserId(new String[] {"rc_dir_a", "rc_dir_c"})
                .setObjectName("RC:TxtMsg").setContent(new TxtMessage("not for b", "")));
        assertThat(sent.getCode()).isEqualTo(200);
        try (Engines engines = new Engines(dir.resolve("clients-direction"))) {
            assertThat(synced(engines, "rc_dir_a").contents()).hasSize(1);
            assertThat(synced(engines, "rc_dir_c").contents()).hasSize(1);
            assertThat(synced(engines, "rc_dir_b").deliveries).isEmpty();
            assertThat(synced(engines, "rc_dir_app").deliveries).as("isIncludeSender not set").isEmpty();
        }
    }

    @Test
    void sendTypingStatusMessageFiresTheTypingListenerAndStoresNothing() throws Exception {
        try (Engines engines = new Engines(dir.resolve("clients-typing"))) {
            ImEngine engine = engines.create(node, Platform.MOBILE);
            MessageRecorder got = new MessageRecorder();
            engine.setOnMessageReceivedListener(got);
            engine.setOnOfflineMessageSyncCompletedListener(got);
            CompletableFuture<String> typing = new CompletableFuture<>();
            engine.setOnTypingStatusListener((type, targetId, userId, contentType, sentTime) ->
                    typing.complete(type + " " + targetId + " " + userId + " " + contentType));
            assertThat(Engines.connect(engine, node.token("rc_typed"), 10).connected.get(10, TimeUnit.SECONDS))
                    .isZero();
            await().until(() -> got.syncCompletions.get() == 1);

            ResponseResult sent = rong.message.msgPrivate.sendTypingStatusMessage(new PrivateMessage()
                    .setSenderId("rc_typer").setTargetId(new String[] {"rc_typed"}).setObjectName("RC:TypSts")
                    .setContent(new TypingStatusMessage()));
            assertThat(sent.getCode()).isEqualTo(200);
            assertThat(typing.get(10, TimeUnit.SECONDS)).isEqualTo("PRIVATE rc_typer rc_typer RC:TxtMsg");
            assertThat(got.deliveries).isEmpty();
            assertThat(synced(engines, "rc_typed").deliveries).as("nothing stored to sync later").isEmpty();
        }
    }

    @Test
    void statusMessagesWithTheSdksDefaultsAreAccepted() throws Exception {
        group("rc_status", "rc_status_a", "rc_status_b");
        assertThat(rong.message.msgPrivate.sendStatusMessage(new PrivateStatusMessage().setSenderId("rc_status_a")
                .setTargetId(new String[] {"rc_status_b"}).setObjectName("RC:TypSts")
                .setContent(new TypingStatusMessage())).getCode()).isEqualTo(200);
        assertThat(rong.message.group.sendStatusMessage(new GroupStatusMessage().setSenderId("rc_status_a")
                .setGroupId(new String[] {"rc_status"}).setObjectName("RC:TypSts")
                .setContent(new TypingStatusMessage())).getCode()).isEqualTo(200);
    }

    @Test
    void sendMentionCarriesTheMentionToOurSdk() throws Exception {
        group("rc_men", "rc_men_a", "rc_men_b", "rc_men_c");
        assertThat(rong.message.group.sendMention(new MentionMessage().setSenderId("rc_men_a")
                .setTargetId(new String[] {"rc_men"}).setObjectName("RC:TxtMsg")
                .setContent(new MentionMessageContent(new TxtMessage("@b look", ""),
                        new MentionedInfo(2, new String[] {"rc_men_b"}, "you were mentioned")))).getCode())
                .isEqualTo(200);
        assertThat(rong.message.group.sendMention(new MentionMessage().setSenderId("rc_men_a")
                .setTargetId(new String[] {"rc_men"}).setObjectName("RC:TxtMsg")
                .setContent(new MentionMessageContent(new TxtMessage("@all look", ""),
                        new MentionedInfo(1, null, null)))).getCode()).isEqualTo(200);
        try (Engines engines = new Engines(dir.resolve("clients-mention"))) {
            List<Message> got = synced(engines, "rc_men_c").deliveries.stream().map(MessageRecorder.Delivery::message)
                    .toList();
            assertThat(got.get(0).getMentionedUserIds()).containsExactly("rc_men_b");
            assertThat(got.get(0).isMentionedAll()).isFalse();
            assertThat(got.get(1).getMentionedUserIds()).isEmpty();
            assertThat(got.get(1).isMentionedAll()).isTrue();
        }
    }

    @Test
    void recallThroughTheSdkReadsItsConversationTypes() throws Exception {
        group("rc_rec", "rc_rec_a", "rc_rec_b");
        String privateUid = publishedUid("/message/private/publish.json", "toUserId", "rc_rec_b");
        String groupUid = publishedUid("/message/group/publish.json", "toGroupId", "rc_rec");
        assertThat(rong.message.msgPrivate.recall(new RecallMessage().setSenderId("rc_rec_a").setTargetId("rc_rec_b")
                .setuId(privateUid).setSentTime("0")).getCode()).as("conversationType=1").isEqualTo(200);
        assertThat(rong.message.group.recall(new RecallMessage().setSenderId("rc_rec_a").setTargetId("rc_rec")
                .setuId(groupUid).setSentTime("0")).getCode()).as("conversationType=3").isEqualTo(200);
        Result chatroom = rong.message.chatroom.recall(new RecallMessage().setSenderId("rc_rec_a")
                .setTargetId("room").setuId(groupUid).setSentTime("0"));
        assertThat(chatroom.getCode()).isEqualTo(1002);
        assertThat(chatroom.getErrorMessage()).contains("chatrooms are not supported");
    }

    private static String publishedUid(String path, String targetParam, String target) {
        return node.api().post(path, "fromUserId", "rc_rec_a", targetParam, target, "objectName", "RC:TxtMsg",
                "content", "{\"content\":\"oops\"}").body().get("messageUIDs").get(0).get("messageUID").asText();
    }

    @Test
    void whatParleyLacksIsNamedNotDropped() throws Exception {
        ResponseResult room = rong.chatroom.create(new ChatroomModel[] {new ChatroomModel().setId("r1").setName("R")});
        assertThat(room.getCode()).isEqualTo(404);
        assertThat(room.getErrorMessage())
                .isEqualTo("/chatroom/create.json: chatrooms are not supported by this Parley version");
        ResponseResult push = rong.message.msgPrivate.send(plain().setPushData("{\"deep\":\"link\"}"));
        assertThat(push.getCode()).isEqualTo(1002);
        assertThat(push.getErrorMessage()).contains("pushData", "push notifications");
        ResponseResult blacklist = rong.message.msgPrivate.send(plain().setVerifyBlacklist(1));
        assertThat(blacklist.getErrorMessage()).contains("blacklists");
        assertThat(rong.message.msgPrivate.send(plain().setVerifyBlacklist(0).setDisablePush(true)
                .setExpansion(false).setIsPersisted(1).setIsCounted(1).setIsIncludeSender(0)).getCode())
                .isEqualTo(200);
    }

    private static PrivateMessage plain() {
        return new PrivateMessage().setSenderId("rc_lack_a").setTargetId(new String[] {"rc_lack_b"})
                .setObjectName("RC:TxtMsg").setContent(new TxtMessage("hi", ""));
    }
}
