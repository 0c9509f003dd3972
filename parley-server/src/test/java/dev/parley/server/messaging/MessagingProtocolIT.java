package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.RecallRequest;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SendAck;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
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

/** Messaging on the wire, below the SDK: acks, inbox seqs, notify, sync pages, idempotency, limits. */
class MessagingProtocolIT {
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

    private RawGatewayClient login(String user, String device) throws IOException {
        RawGatewayClient c = new RawGatewayClient(node.tcpPort());
        assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), node.token(user)).setDeviceId(device))
                .getCode()).isZero();
        return c;
    }

    private static Send.Builder text(ConversationType type, String target, String text) {
        return Send.newBuilder().setClientMsgId(UUID.randomUUID().toString()).setConversationType(type)
                .setTargetId(target).setObjectName("RC:TxtMsg").setContent("{\"content\":\"" + text + "\"}");
    }

    private static SendAck send(RawGatewayClient c, Send.Builder send) throws IOException {
        return c.request(Frame.newBuilder().setSend(send)).getSendAck();
    }

    private static SyncResult sync(RawGatewayClient c, long after, int limit) throws IOException {
        return c.request(Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(after).setLimit(limit)))
                .getSyncResult();
    }

    @Test
    void privateMessageIsAckedStoredAndNotifiedToBothSides() throws Exception {
        try (RawGatewayClient alice = login("p_alice", "a1"); RawGatewayClient bob = login("p_bob", "b1")) {
            Send.Builder hello = text(ConversationType.PRIVATE, "p_bob", "hello");
            SendAck ack = send(alice, hello);
            assertThat(ack.getCode()).isZero();
            assertThat(ack.getMessageUid()).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]");
            InboxMessage atBob = bob.next().getNotify().getMessage();
            assertThat(atBob.getSeq()).isEqualTo(1);
            assertThat(atBob.getMessageUid()).isEqualTo(ack.getMessageUid());
            assertThat(atBob.getTargetId()).isEqualTo("p_alice");
            assertThat(atBob.getSenderUserId()).isEqualTo("p_alice");
            assertThat(atBob.getOutgoing()).isFalse();
            assertThat(atBob.getClientMsgId()).as("client ids stay with the sender").isEmpty();
            assertThat(atBob.getSentTime()).isEqualTo(ack.getSentTime());
            InboxMessage atAlice = alice.next().getNotify().getMessage();
            assertThat(atAlice.getOutgoing()).isTrue();
            assertThat(atAlice.getTargetId()).isEqualTo("p_bob");
            assertThat(atAlice.getClientMsgId()).isEqualTo(hello.getClientMsgId());

            // A retry of the same send: same uid, nothing new in any inbox.
            SendAck retry = send(alice, hello);
            assertThat(retry.getMessageUid()).isEqualTo(ack.getMessageUid());
            assertThat(retry.getSentTime()).isEqualTo(ack.getSentTime());
            assertThat(sync(bob, 0, 200).getMessagesList()).hasSize(1);
            assertThat(sync(alice, 0, 200).getMaxSeq()).isEqualTo(1);
        }
    }

    @Test
    void pipelinedSendsOfOneConnectionAreStoredInTheOrderSent() throws Exception {
        try (RawGatewayClient a = login("ord_a", "a")) {
            for (int i = 0; i < 100; i++) {
                a.send(Frame.newBuilder().setRequestId(1000 + i).setSend(text(ConversationType.PRIVATE, "ord_b", "m" + i))
                        .build());
            }
            int acks = 0;
            while (acks < 100) {
                if (a.read().hasSendAck()) {
                    acks++;
                }
            }
        }
        try (RawGatewayClient b = login("ord_b", "b")) {
            List<String> contents = sync(b, 0, 0).getMessagesList().stream().map(InboxMessage::getContent).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add("{\"content\":\"m" + i + "\"}");
            }
            assertThat(contents).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void offlineReceiverSyncsEveryMessageInOrderInPackagesOf200() throws Exception {
        int n = 450;
        List<String> uids = new ArrayList<>();
        try (RawGatewayClient sender = login("o_sender", "s1")) {
            for (int i = 0; i < n; i++) {
                uids.add(send(sender, text(ConversationType.PRIVATE, "o_receiver", "m" + i)).getMessageUid());
            }
        }
        try (RawGatewayClient receiver = login("o_receiver", "r1")) {
            List<String> got = new ArrayList<>();
            long cursor = 0;
            List<Boolean> hasMore = new ArrayList<>();
            while (true) {
                SyncResult page = sync(receiver, cursor, 0);
                page.getMessagesList().forEach(m -> got.add(m.getMessageUid()));
                hasMore.add(page.getHasMore());
                assertThat(page.getMaxSeq()).isEqualTo(n);
                if (!page.getHasMore()) {
                    break;
                }
                cursor = page.getMessages(page.getMessagesCount() - 1).getSeq();
            }
            assertThat(got).containsExactlyElementsOf(uids);
            assertThat(hasMore).containsExactly(true, true, false);
        }
    }

    @Test
    void syncPagesOfLargeMessagesFitInOneFrameEach() throws Exception {
        String big = "{\"content\":\"" + "y".repeat(120 * 1024) + "\"}";
        try (RawGatewayClient a = login("big_a", "a")) {
            for (int i = 0; i < 5; i++) {
                assertThat(send(a, text(ConversationType.PRIVATE, "big_b", "x").setContent(big)).getCode()).isZero();
            }
        }
        try (RawGatewayClient b = login("big_b", "b")) {
            int received = 0;
            long cursor = 0;
            int pages = 0;
            while (true) {
                SyncResult page = sync(b, cursor, 0);
                pages++;
                assertThat(Frame.newBuilder().setSyncResult(page).build().getSerializedSize())
                        .isLessThanOrEqualTo(dev.parley.protocol.Protocol.MAX_FRAME_BYTES);
                received += page.getMessagesCount();
                if (!page.getHasMore()) {
                    break;
                }
                cursor = page.getMessages(page.getMessagesCount() - 1).getSeq();
            }
            assertThat(received).isEqualTo(5);
            assertThat(pages).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void groupMessagesFanOutAndNonMembersAreRefused() throws Exception {
        ApiClient api = node.api();
        assertThat(api.post("/group/create.json", "groupId", "g1", "groupName", "Team", "userId", "g_a", "userId",
                "g_b", "userId", "g_c").code()).isEqualTo(200);
        try (RawGatewayClient a = login("g_a", "a"); RawGatewayClient b = login("g_b", "b");
             RawGatewayClient outsider = login("g_x", "x")) {
            SendAck ack = send(a, text(ConversationType.GROUP, "g1", "hi team"));
            assertThat(ack.getCode()).isZero();
            InboxMessage atB = b.next().getNotify().getMessage();
            assertThat(atB.getConversationType()).isEqualTo(ConversationType.GROUP);
            assertThat(atB.getTargetId()).isEqualTo("g1");
            assertThat(atB.getSenderUserId()).isEqualTo("g_a");
            assertThat(send(outsider, text(ConversationType.GROUP, "g1", "let me in")).getCode())
                    .isEqualTo(ErrorCode.NOT_IN_GROUP);
            assertThat(api.post("/group/user/query.json", "groupId", "g1").body().get("users").findValuesAsText("id"))
                    .containsExactlyInAnyOrder("g_a", "g_b", "g_c");
            assertThat(api.post("/group/quit.json", "groupId", "g1", "userId", "g_b").code()).isEqualTo(200);
            assertThat(send(b, text(ConversationType.GROUP, "g1", "still here?")).getCode())
                    .isEqualTo(ErrorCode.NOT_IN_GROUP);
        }
        // g_c was offline: it finds the message in its inbox.
        try (RawGatewayClient c = login("g_c", "c")) {
            assertThat(sync(c, 0, 0).getMessagesList()).extracting(InboxMessage::getContent)
                    .containsExactly("{\"content\":\"hi team\"}");
        }
    }

    @Test
    void limitsAndBadInputGetTheirCodes() throws Exception {
        try (RawGatewayClient a = login("l_a", "a")) {
            String big = "{\"content\":\"" + "x".repeat(128 * 1024) + "\"}";
            assertThat(send(a, text(ConversationType.PRIVATE, "l_b", "x").setContent(big)).getCode())
                    .isEqualTo(ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT);
            assertThat(send(a, text(ConversationType.PRIVATE, "l_b", "x").setContent("not json")).getCode())
                    .isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(send(a, text(ConversationType.PRIVATE, "bad id!", "x")).getCode())
                    .isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(send(a, text(ConversationType.CHATROOM, "room", "x")).getCode())
                    .isEqualTo(ErrorCode.INVALID_PARAMETER);
        }
    }

    @Test
    void sendingFasterThanTheAppLimitGets20604() throws Exception {
        var app = node.server().appAdmin().create("limited");
        node.awaitAppsSettled();
        ApiClient api = new ApiClient(node.naviUrl(), app.appKey(), app.appSecret());
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            assertThat(c.handshake(RawGatewayClient.connect(app.appKey(), api.token("fast"))).getCode()).isZero();
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                codes.add(send(c, text(ConversationType.PRIVATE, "slow", "m" + i)).getCode());
            }
            assertThat(codes.subList(0, 5)).containsOnly(0);
            assertThat(codes).contains(ErrorCode.SEND_MSG_FREQUENCY_OVERRUN);
        }
    }

    @Test
    void recallReplacesTheOriginalEverywhereAndOnlyTheSenderMayRecall() throws Exception {
        try (RawGatewayClient a = login("r_a", "a"); RawGatewayClient b = login("r_b", "b")) {
            SendAck ack = send(a, text(ConversationType.PRIVATE, "r_b", "oops"));
            b.next();
            a.next();
            Frame notOwn = b.request(Frame.newBuilder().setRecall(RecallRequest.newBuilder().setMessageUid(ack.getMessageUid())));
            assertThat(notOwn.getRecallAck().getCode()).isEqualTo(ErrorCode.RECALL_NOT_OWN_MESSAGE);
            Frame ok = a.request(Frame.newBuilder().setRecall(RecallRequest.newBuilder().setMessageUid(ack.getMessageUid())));
            assertThat(ok.getRecallAck().getCode()).isZero();
            InboxMessage notice = b.next().getNotify().getMessage();
            assertThat(notice.getObjectName()).isEqualTo("RC:RcNtf");
            assertThat(notice.getContent()).contains(ack.getMessageUid());
            assertThat(notice.getNotCounted()).isTrue();
            // The stored original is now a notice too: a device syncing later never sees "oops".
            List<InboxMessage> all = sync(b, 0, 0).getMessagesList();
            assertThat(all).extracting(InboxMessage::getObjectName).containsExactly("RC:RcNtf", "RC:RcNtf");
            assertThat(all).noneMatch(m -> m.getContent().contains("oops"));
        }
    }

    @Test
    void historyIsPerConversationNewestFirstAndGroupHistoryNeedsMembership() throws Exception {
        try (RawGatewayClient a = login("h_a", "a")) {
            for (int i = 0; i < 5; i++) {
                send(a, text(ConversationType.PRIVATE, "h_b", "m" + i));
            }
            send(a, text(ConversationType.PRIVATE, "h_c", "other"));
            Frame page = a.request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                    .setConversationType(ConversationType.PRIVATE).setTargetId("h_b").setLimit(3)));
            assertThat(page.getHistoryResult().getMessagesList()).extracting(InboxMessage::getContent)
                    .containsExactly("{\"content\":\"m4\"}", "{\"content\":\"m3\"}", "{\"content\":\"m2\"}");
            assertThat(page.getHistoryResult().getHasMore()).isTrue();
            Frame group = a.request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                    .setConversationType(ConversationType.GROUP).setTargetId("nogroup")));
            assertThat(group.getHistoryResult().getCode()).isEqualTo(ErrorCode.NOT_IN_GROUP);
        }
        try (RawGatewayClient b = login("h_b", "b")) {
            Frame page = b.request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                    .setConversationType(ConversationType.PRIVATE).setTargetId("h_a")));
            assertThat(page.getHistoryResult().getMessagesCount()).isEqualTo(5);
        }
    }

    @Test
    void serverApiPublishesPrivateGroupAndSystemMessages() throws Exception {
        ApiClient api = node.api();
        var reply = api.post("/message/private/publish.json", "fromUserId", "s_app", "toUserId", "s_u1", "toUserId",
                "s_u2", "objectName", "RC:TxtMsg", "content", "{\"content\":\"from the server\"}", "msgRandom", "42");
        assertThat(reply.code()).isEqualTo(200);
        assertThat(reply.body().get("messageUIDs")).hasSize(2);
        String uid = reply.body().get("messageUIDs").get(0).get("messageUID").asText();
        var again = api.post("/message/private/publish.json", "fromUserId", "s_app", "toUserId", "s_u1", "toUserId",
                "s_u2", "objectName", "RC:TxtMsg", "content", "{\"content\":\"from the server\"}", "msgRandom", "42");
        assertThat(again.body().get("messageUIDs").get(0).get("messageUID").asText()).as("msgRandom dedupes")
                .isEqualTo(uid);
        assertThat(api.post("/message/system/publish.json", "fromUserId", "sys", "toUserId", "s_u1", "objectName",
                "RC:TxtMsg", "content", "{\"content\":\"system notice\"}").code()).isEqualTo(200);
        assertThat(api.post("/group/create.json", "groupId", "sg", "userId", "s_u1", "userId", "s_u2").code())
                .isEqualTo(200);
        var group = api.post("/message/group/publish.json", "fromUserId", "s_u2", "toGroupId", "sg", "objectName",
                "RC:TxtMsg", "content", "{\"content\":\"to the group\"}");
        assertThat(group.body().get("messageUIDs").get(0).get("groupId").asText()).isEqualTo("sg");
        assertThat(api.post("/message/private/publish.json", "fromUserId", "s_app", "toUserId", "s_u1", "objectName",
                "RC:TxtMsg", "content", "not json").code()).isEqualTo(1002);
        try (RawGatewayClient u1 = login("s_u1", "d")) {
            List<InboxMessage> inbox = sync(u1, 0, 0).getMessagesList();
            assertThat(inbox).extracting(InboxMessage::getConversationType).containsExactly(ConversationType.PRIVATE,
                    ConversationType.SYSTEM, ConversationType.GROUP);
            assertThat(inbox.get(1).getTargetId()).isEqualTo("sys");
        }
    }
}
