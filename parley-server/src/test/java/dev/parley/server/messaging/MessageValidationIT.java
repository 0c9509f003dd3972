package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.HistoryResult;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SendAck;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.StoredMessage;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a send may carry, attacked with a hand-written protocol client: nothing a client sends
 * may stop another user's sync, forge what only the node or the app server sends, or use the
 * app server's SYSTEM channel; and an entry stored before these rules never wedges a device.
 */
class MessageValidationIT {
    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.withoutSendLimit(dir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aSendOf128KiBContentWithAHugeMentionIsRefusedAndTheVictimSyncs() throws Exception {
        ApiClient api = node.api();
        assertThat(api.post("/group/create.json", "groupId", "pz_g", "userId", "pz_attacker", "userId", "pz_victim")
                .code()).isEqualTo(200);
        try (RawGatewayClient attacker = login(node, "pz_attacker")) {
            Send.Builder poison = poison(ConversationType.GROUP, "pz_g");
            assertThat(Frame.newBuilder().setRequestId(Integer.MAX_VALUE).setSend(poison).build().getSerializedSize())
                    .as("the whole frame the gateway still takes").isEqualTo(Protocol.MAX_FRAME_BYTES);

            SendAck group = send(attacker, poison);
            SendAck toOne = send(attacker, poison(ConversationType.PRIVATE, "pz_victim"));

            assertThat(group.getCode()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(group.getDetail()).contains("mentioned user must be @all or a user id");
            assertThat(toOne.getCode()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(toOne.getDetail()).contains("mentions are only for group messages");
        }
        try (RawGatewayClient victim = login(node, "pz_victim")) {
            SyncResult page = sync(victim, 0);
            assertThat(page.getMessagesCount()).as("nothing was stored").isZero();
        }
    }

    @Test
    void aClientMayMentionMembersAndEveryoneButNoOneElse() throws Exception {
        assertThat(node.api().post("/group/create.json", "groupId", "mn_g", "userId", "mn_a", "userId", "mn_b")
                .code()).isEqualTo(200);
        try (RawGatewayClient a = login(node, "mn_a")) {
            SendAck outsider = send(a, text(ConversationType.GROUP, "mn_g").addMentionedUserIds("mn_b")
                    .addMentionedUserIds("mn_stranger"));
            SendAck ok = send(a, text(ConversationType.GROUP, "mn_g").addMentionedUserIds("mn_b")
                    .addMentionedUserIds("mn_b").addMentionedUserIds(MessageContent.MENTION_ALL));

            assertThat(outsider.getCode()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(outsider.getDetail()).isEqualTo("mentioned user mn_stranger is not a member of group mn_g");
            assertThat(ok.getCode()).isZero();
        }
        try (RawGatewayClient b = login(node, "mn_b")) {
            assertThat(sync(b, 0).getMessagesList()).singleElement().extracting(InboxMessage::getMentionedUserIdsList)
                    .isEqualTo(List.of("mn_b", MessageContent.MENTION_ALL));
        }
    }

    @Test
    void aClientCannotSendAServerReservedObjectName() throws Exception {
        assertThat(node.api().post("/group/create.json", "groupId", "rs_g", "userId", "rs_a", "userId", "rs_b")
                .code()).isEqualTo(200);
        try (RawGatewayClient a = login(node, "rs_a")) {
            for (String reserved : List.of("RC:RcNtf", "PL:Unavailable", "RC:GrpNtf", "RC:RcCmd", "RC:ContactNtf",
                    "RC:ProfileNtf", "RC:InfoNtf")) {
                String forged = "{\"messageUId\":\"X\",\"originalObjectName\":\"RC:TxtMsg\"}";
                SendAck ack = send(a, text(ConversationType.PRIVATE, "rs_b").setObjectName(reserved).setContent(forged));
                assertThat(ack.getCode()).as(reserved).isEqualTo(ErrorCode.INVALID_PARAMETER);
                assertThat(ack.getDetail()).contains("objectName " + reserved + " is reserved");
            }
            // What the SDK itself sends stays open.
            assertThat(send(a, text(ConversationType.PRIVATE, "rs_b").setObjectName("RC:ReadNtf").setNotPersisted(true)
                    .setContent("{\"lastMessageSendTime\":1}")).getCode()).isZero();
            assertThat(send(a, text(ConversationType.GROUP, "rs_g").setObjectName("RC:SRSMsg").setToSelfOnly(true)
                    .setContent("{\"lastMessageSendTime\":1}")).getCode()).isZero();
            assertThat(send(a, text(ConversationType.PRIVATE, "rs_b").setObjectName("RC:TypSts").setStatusOnly(true)
                    .setContent("{\"typingContentType\":\"RC:TxtMsg\"}")).getCode()).isZero();
        }
        try (RawGatewayClient b = login(node, "rs_b")) {
            assertThat(sync(b, 0).getMessagesList()).extracting(InboxMessage::getObjectName)
                    .containsExactly("RC:ReadNtf");
        }
    }

    @Test
    void theServerApiCannotForgeARecallNoticeButSendsNotifications() {
        ApiClient api = node.api();
        var forged = api.post("/message/private/publish.json", "fromUserId", "ra_a", "toUserId", "ra_b",
                "objectName", "RC:RcNtf", "content", "{\"messageUId\":\"X\"}");
        assertThat(forged.code()).isEqualTo(1002);
        assertThat(forged.body().path("errorMessage").asText()).contains("RC:RcNtf");
        assertThat(api.post("/group/create.json", "groupId", "ra_g", "userId", "ra_a", "userId", "ra_b").code())
                .isEqualTo(200);
        assertThat(api.post("/message/group/publish.json", "fromUserId", "ra_a", "toGroupId", "ra_g", "objectName",
                "RC:GrpNtf", "content", "{\"operation\":\"Add\"}").code()).isEqualTo(200);
    }

    @Test
    void aClientCannotSendASystemMessageButTheAppServerCan() throws Exception {
        try (RawGatewayClient a = login(node, "sy_a")) {
            SendAck ack = send(a, text(ConversationType.SYSTEM, "sy_b"));
            assertThat(ack.getCode()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(ack.getDetail()).contains("clients cannot send SYSTEM messages");
        }
        assertThat(node.api().post("/message/system/publish.json", "fromUserId", "sy_app", "toUserId", "sy_b",
                "objectName", "RC:TxtMsg", "content", "{\"content\":\"notice\"}").code()).isEqualTo(200);
        try (RawGatewayClient b = login(node, "sy_b")) {
            assertThat(sync(b, 0).getMessagesList()).extracting(InboxMessage::getSenderUserId)
                    .containsExactly("sy_app");
        }
    }

    @Test
    void anOversizedEntryInTheStoreComesOutOfSyncAsAPlaceholderAndTheNextPageContinues(@TempDir Path own)
            throws Exception {
        try (TestNode n = new TestNode(own)) {
            String victimToken = n.token("ov_b");
            try (RawGatewayClient a = login(n, "ov_a")) {
                assertThat(send(a, text(ConversationType.PRIVATE, "ov_b")).getCode()).isZero();
            }
            n.stop();
            // Written past every check, as a node before them could have stored it.
            String poisonUid = n.withStoreWhileStopped(store -> {
                String uid = append(store, n.appKey(), "{\"c\":\"" + "x".repeat(Protocol.MAX_FRAME_BYTES) + "\"}", 1);
                append(store, n.appKey(), "{\"content\":\"after\"}", 2);
                return uid;
            });
            n.restart();

            try (RawGatewayClient b = new RawGatewayClient(n.tcpPort())) {
                assertThat(b.handshake(RawGatewayClient.connect(n.appKey(), victimToken)).getCode()).isZero();
                // The SDK's loop: page after page from its cursor, until no more.
                List<InboxMessage> got = new ArrayList<>();
                long cursor = 0;
                for (int pages = 0; pages < 10; pages++) {
                    Frame answer = b.request(Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(cursor)
                            .setLimit(1)));
                    assertThat(answer.getSerializedSize()).isLessThan(Protocol.MAX_FRAME_BYTES);
                    SyncResult page = answer.getSyncResult();
                    got.addAll(page.getMessagesList());
                    if (!page.getHasMore()) {
                        break;
                    }
                    cursor = page.getMessages(page.getMessagesCount() - 1).getSeq();
                }
                HistoryResult history = b.request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                        .setConversationType(ConversationType.PRIVATE).setTargetId("ov_a"))).getHistoryResult();

                assertThat(got).extracting(InboxMessage::getSeq).containsExactly(1L, 2L, 3L);
                InboxMessage placeholder = got.get(1);
                assertThat(placeholder.getObjectName()).isEqualTo(PageEntries.PLACEHOLDER);
                assertThat(placeholder.getMessageUid()).isEqualTo(poisonUid);
                assertThat(placeholder.getSenderUserId()).isEqualTo("ov_a");
                assertThat(placeholder.getTargetId()).isEqualTo("ov_a");
                assertThat(placeholder.getContent()).contains("tooLarge");
                assertThat(got.get(2).getContent()).isEqualTo("{\"content\":\"after\"}");
                assertThat(history.getMessagesList()).extracting(InboxMessage::getObjectName)
                        .containsExactly("RC:TxtMsg", PageEntries.PLACEHOLDER, "RC:TxtMsg");
            }
        }
    }

    /** Stores a message from ov_a to ov_b and its entry in ov_b's inbox; returns its uid. */
    private static String append(MessageStore store, String appKey, String content, int n) {
        String uid = "POISON-" + n;
        long sentTime = System.currentTimeMillis() + n;
        StoredMessage m = new StoredMessage(appKey, uid, "ov_a", "direct-" + n, ConversationType.PRIVATE_VALUE,
                "ov_b", ConversationKeys.of(ConversationType.PRIVATE, "ov_a", "ov_b"), "RC:TxtMsg", content, null, 0,
                List.of(), sentTime);
        store.write(writes -> {
            writes.insertIfNew(m);
            writes.appendInbox(appKey, uid, sentTime, List.of("ov_b"), new long[] {writes.maxSeq(appKey, "ov_b") + 1});
            return null;
        });
        return uid;
    }

    /** 128 KiB of content and one mention long enough to fill the largest frame the gateway takes. */
    private static Send.Builder poison(ConversationType type, String target) {
        Send.Builder send = text(type, target).setClientMsgId("poison-" + type)
                .setContent("{\"c\":\"" + "x".repeat(Protocol.MAX_CONTENT_BYTES - 8) + "\"}");
        int room = Protocol.MAX_FRAME_BYTES - Frame.newBuilder().setRequestId(Integer.MAX_VALUE)
                .setSend(send.clone().addMentionedUserIds("")).build().getSerializedSize();
        // The mention's length prefix grows from 1 to 3 bytes.
        return send.addMentionedUserIds("m".repeat(room - 2));
    }

    private static RawGatewayClient login(TestNode n, String user) throws IOException {
        RawGatewayClient c = new RawGatewayClient(n.tcpPort());
        assertThat(c.handshake(RawGatewayClient.connect(n.appKey(), n.token(user))).getCode()).isZero();
        return c;
    }

    private static Send.Builder text(ConversationType type, String target) {
        return Send.newBuilder().setClientMsgId(UUID.randomUUID().toString()).setConversationType(type)
                .setTargetId(target).setObjectName("RC:TxtMsg").setContent("{\"content\":\"hi\"}");
    }

    private static SendAck send(RawGatewayClient c, Send.Builder send) throws IOException {
        return c.request(Frame.newBuilder().setSend(send)).getSendAck();
    }

    private static SyncResult sync(RawGatewayClient c, long after) throws IOException {
        return c.request(Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(after))).getSyncResult();
    }
}
