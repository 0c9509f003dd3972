package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.ApiClient.Reply;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message endpoints of the Server API do what their RongCloud parameters say, or refuse
 * them by name: directed group messages, status types, mentions, recall's conversation, and
 * parameters for features Parley lacks. Checked by syncing real inboxes over the wire.
 */
class MessageApiIT {
    private static final String TEXT = "{\"content\":\"hello\"}";

    @TempDir
    static Path dir;
    static TestNode node;
    static ApiClient api;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        api = node.api();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private RawGatewayClient login(String user) throws IOException {
        RawGatewayClient c = new RawGatewayClient(node.tcpPort());
        assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), node.token(user)).setDeviceId(user + "-d"))
                .getCode()).isZero();
        return c;
    }

    /** Everything in {@code user}'s inbox, read by a fresh device. */
    private List<InboxMessage> inbox(String user) throws IOException {
        try (RawGatewayClient c = login(user)) {
            return c.request(Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(0)))
                    .getSyncResult().getMessagesList();
        }
    }

    private static void group(String groupId, String... members) {
        String[] pairs = new String[2 + 2 * members.length];
        pairs[0] = "groupId";
        pairs[1] = groupId;
        for (int i = 0; i < members.length; i++) {
            pairs[2 + 2 * i] = "userId";
            pairs[3 + 2 * i] = members[i];
        }
        assertThat(api.post("/group/create.json", pairs).code()).isEqualTo(200);
    }

    private static String errorOf(Reply r) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo(1002);
        return r.body().path("errorMessage").asText();
    }

    @Test
    void aDirectedGroupMessageReachesOnlyTheAddressedMembers() throws Exception {
        group("dg", "d_sender", "d_b", "d_c", "d_d");
        Reply r = api.post("/message/group/publish.json", "fromUserId", "d_sender", "toGroupId", "dg",
                "toUserId", "d_b", "toUserId", "d_outsider", "objectName", "RC:TxtMsg",
                "content", "{\"content\":\"for d_b only\"}", "isIncludeSender", "1");
        assertThat(r.code()).isEqualTo(200);
        assertThat(api.post("/message/group/publish.json", "fromUserId", "d_sender", "toGroupId", "dg",
                "toUserId", "d_c", "objectName", "RC:TxtMsg", "content", "{\"content\":\"for d_c only\"}").code())
                .isEqualTo(200);

        assertThat(inbox("d_b")).extracting(InboxMessage::getContent).containsExactly("{\"content\":\"for d_b only\"}");
        assertThat(inbox("d_b").get(0).getTargetId()).isEqualTo("dg");
        assertThat(inbox("d_c")).extracting(InboxMessage::getContent).containsExactly("{\"content\":\"for d_c only\"}");
        assertThat(inbox("d_d")).isEmpty();
        assertThat(inbox("d_outsider")).as("not a member").isEmpty();
        assertThat(inbox("d_sender")).as("isIncludeSender on the first only").hasSize(1);
        try (RawGatewayClient d = login("d_d")) {
            Frame history = d.request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                    .setConversationType(ConversationType.GROUP).setTargetId("dg")));
            assertThat(history.getHistoryResult().getMessagesList()).as("group history shows no directed message")
                    .isEmpty();
        }
    }

    @Test
    void aDirectedMessageNamesExactlyOneGroup() {
        group("dg2", "d2_a", "d2_b");
        assertThat(errorOf(api.post("/message/group/publish.json", "fromUserId", "d2_a", "toGroupId", "dg2",
                "toGroupId", "dg3", "toUserId", "d2_b", "objectName", "RC:TxtMsg", "content", TEXT)))
                .contains("exactly one toGroupId");
        assertThat(errorOf(api.post("/message/group/publish.json", "fromUserId", "d2_a", "toGroupId", "dg2",
                "toUserId", "not an id!", "objectName", "RC:TxtMsg", "content", TEXT))).contains("toUserId");
    }

    @Test
    void aTypingStatusPublishedAsAMessageGoesLiveAndIsNeverStored() throws Exception {
        try (RawGatewayClient receiver = login("t_b")) {
            Reply r = api.post("/message/private/publish.json", "fromUserId", "t_a", "toUserId", "t_b",
                    "objectName", "RC:TypSts", "content", "{\"typingContentType\":\"RC:TxtMsg\"}");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().get("messageUIDs").get(0).get("userId").asText()).isEqualTo("t_b");
            InboxMessage live = receiver.next().getNotify().getMessage();
            assertThat(live.getObjectName()).isEqualTo("RC:TypSts");
            assertThat(live.getSeq()).as("status only").isZero();
        }
        assertThat(inbox("t_b")).isEmpty();
        assertThat(inbox("t_a")).isEmpty();
        assertThat(errorOf(api.post("/message/private/publish.json", "fromUserId", "t_a", "toUserId", "t_b",
                "objectName", "RC:TypSts", "content", "{}", "isPersisted", "1"))).contains("status message");
    }

    @Test
    void groupStatusMessagesGoLiveToMembersAndAreNeverStored() throws Exception {
        group("sg", "s_a", "s_b");
        try (RawGatewayClient b = login("s_b")) {
            assertThat(api.post("/statusmessage/group/publish.json", "fromUserId", "s_a", "toGroupId", "sg",
                    "objectName", "App:Live", "content", "{\"x\":1}", "verifyBlacklist", "0", "isIncludeSender", "0",
                    "isPersisted", "0", "isCounted", "0").code()).isEqualTo(200);
            assertThat(b.next().getNotify().getMessage().getObjectName()).isEqualTo("App:Live");
        }
        assertThat(inbox("s_b")).isEmpty();
    }

    @Test
    void aMentionInTheContentReachesTheReceiversMentionList() throws Exception {
        group("mg", "m_a", "m_b", "m_c");
        assertThat(api.post("/message/group/publish.json", "fromUserId", "m_a", "toGroupId", "mg",
                "objectName", "RC:TxtMsg", "isMentioned", "1", "content",
                "{\"content\":\"@m_b\",\"mentionedInfo\":"
                        + "{\"type\":2,\"userIdList\":[\"m_b\"],\"mentionedContent\":\"x\"}}")
                .code()).isEqualTo(200);
        assertThat(api.post("/message/group/publish.json", "fromUserId", "m_a", "toGroupId", "mg",
                "objectName", "RC:TxtMsg", "isMentioned", "1", "content",
                "{\"content\":\"@all\",\"mentionedInfo\":{\"type\":1}}").code()).isEqualTo(200);

        List<InboxMessage> got = inbox("m_c");
        assertThat(got.get(0).getMentionedUserIdsList()).containsExactly("m_b");
        assertThat(got.get(1).getMentionedUserIdsList()).containsExactly("@all");
    }

    @Test
    void aMalformedMentionIsRefused() throws Exception {
        group("mg2", "m2_a", "m2_b");
        for (String content : List.of("{\"content\":\"no info\"}",
                "{\"mentionedInfo\":{\"type\":3,\"userIdList\":[\"m2_b\"]}}",
                "{\"mentionedInfo\":{\"type\":\"2\",\"userIdList\":[\"m2_b\"]}}",
                "{\"mentionedInfo\":{\"type\":2}}",
                "{\"mentionedInfo\":{\"type\":2,\"userIdList\":[]}}",
                "{\"mentionedInfo\":{\"type\":2,\"userIdList\":[7]}}",
                "{\"mentionedInfo\":{\"type\":2,\"userIdList\":[\"bad id!\"]}}")) {
            assertThat(errorOf(api.post("/message/group/publish.json", "fromUserId", "m2_a", "toGroupId", "mg2",
                    "objectName", "RC:TxtMsg", "isMentioned", "1", "content", content))).as(content)
                    .contains("mentionedInfo");
        }
        assertThat(errorOf(api.post("/message/private/publish.json", "fromUserId", "m2_a", "toUserId", "m2_b",
                "objectName", "RC:TxtMsg", "isMentioned", "1", "content", "{\"mentionedInfo\":{\"type\":1}}")))
                .contains("only for group messages");
        assertThat(inbox("m2_b")).isEmpty();
    }

    @Test
    void parametersAskingForAbsentFeaturesAreRefusedByNameAndNothingIsSent() throws Exception {
        String[][] refused = {
                {"pushData", "{\"a\":1}", "push notifications"},
                {"pushExt", "{\"title\":\"t\"}", "push notifications"},
                {"count", "4", "push notifications"},
                {"contentAvailable", "1", "push notifications"},
                {"verifyBlacklist", "1", "blacklists"},
                {"expansion", "true", "message expansions"},
                {"extraContent", "{\"k\":\"v\"}", "message expansions"},
                {"disablePush", "maybe", "disablePush must be 0 or 1"}};
        for (String[] p : refused) {
            assertThat(errorOf(api.post("/message/private/publish.json", "fromUserId", "f_a", "toUserId", "f_b",
                    "objectName", "RC:TxtMsg", "content", TEXT, p[0], p[1]))).as(p[0]).contains(p[0], p[2]);
        }
        assertThat(errorOf(api.post("/message/system/publish.json", "fromUserId", "f_sys", "toUserId", "f_b",
                "objectName", "RC:TxtMsg", "content", TEXT, "isIncludeSender", "1"))).contains("isIncludeSender");
        assertThat(inbox("f_b")).isEmpty();
        assertThat(api.post("/message/private/publish.json", "fromUserId", "f_a", "toUserId", "f_b",
                "objectName", "RC:TxtMsg", "content", TEXT, "verifyBlacklist", "0", "disablePush", "true",
                "expansion", "false", "contentAvailable", "0", "isMentioned", "0").code()).isEqualTo(200);
        assertThat(inbox("f_b")).hasSize(1);
    }

    @Test
    void recallHonoursTheConversationItNamesAndRefusesWhatItCannotDo() throws Exception {
        String uid = api.post("/message/private/publish.json", "fromUserId", "r_a", "toUserId", "r_b",
                "objectName", "RC:TxtMsg", "content", TEXT).body().get("messageUIDs").get(0).get("messageUID").asText();
        String[][] refused = {
                {"conversationType", "3", "conversationType 1, not 3"},
                {"conversationType", "4", "chatrooms"},
                {"conversationType", "10", "ultragroups"},
                {"conversationType", "2", "discussions"},
                {"conversationType", "5", "must be 1 (private), 3 (group) or 6 (system)"},
                {"targetId", "r_c", "targetId r_c"},
                {"isDelete", "1", "recall notice"},
                {"isAdmin", "1", "admin recall notices"},
                {"extra", "why", "extra"}};
        for (String[] p : refused) {
            assertThat(errorOf(api.post("/message/recall.json", "fromUserId", "r_a", "messageUID", uid, p[0], p[1])))
                    .as(p[0] + "=" + p[1]).contains(p[2]);
        }
        assertThat(inbox("r_b")).extracting(InboxMessage::getObjectName).containsExactly("RC:TxtMsg");

        assertThat(api.post("/message/recall.json", "fromUserId", "r_a", "messageUID", uid, "conversationType", "1",
                "targetId", "r_b", "sentTime", "1700000000000", "isDelete", "0", "isAdmin", "0", "disablePush", "true")
                .code()).isEqualTo(200);
        assertThat(inbox("r_b")).extracting(InboxMessage::getObjectName).containsExactly("RC:RcNtf", "RC:RcNtf");

        group("rg", "r_a", "r_b");
        String groupUid = api.post("/message/group/publish.json", "fromUserId", "r_a", "toGroupId", "rg",
                "objectName", "RC:TxtMsg", "content", TEXT).body().get("messageUIDs").get(0).get("messageUID").asText();
        assertThat(api.post("/message/recall.json", "fromUserId", "r_a", "messageUID", groupUid,
                "conversationType", "3", "targetId", "rg").code()).isEqualTo(200);
    }

    @Test
    void pathsOfMissingFeaturesNameTheFeature() {
        String[][] missing = {
                {"/chatroom/create.json", "chatrooms"},
                {"/message/chatroom/publish.json", "chatrooms"},
                {"/ultragroup/create.json", "ultragroups"},
                {"/push.json", "push notifications"},
                {"/sensitiveword/add.json", "sensitive words"},
                {"/user/tag/set.json", "user tags"},
                {"/user/blacklist/add.json", "blacklists"},
                {"/message/history.json", "message history files"}};
        for (String[] m : missing) {
            Reply r = api.post(m[0]);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.code()).isEqualTo(404);
            assertThat(r.body().get("errorMessage").asText())
                    .isEqualTo(m[0] + ": " + m[1] + " are not supported by this Parley version");
        }
        assertThat(api.post("/nothing/here.json").body().get("errorMessage").asText())
                .isEqualTo("/nothing/here.json: unknown path");
    }
}
