package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.HistoryResult;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.RecallRequest;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SendAck;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's history starts for each member when they joined: a later member reads nothing
 * from before, and is not told of the recall of a message they never received.
 */
class GroupJoinTimeIT {
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

    /** Ids of a message sent before a third member joined, and of one sent after. */
    private record Timeline(String before, String after) {
    }

    /**
     * In {@code group}: the sender and an early member; a message; the late member joins; a
     * second message; the first is recalled; a last message (written after the notice, so whoever
     * got the notice has it before this one).
     */
    private static Timeline recallAfterALateJoin(String group) throws Exception {
        assertThat(node.api().post("/group/create.json", "groupId", group, "userId", group + "_sender",
                "userId", group + "_early").code()).isEqualTo(200);
        try (RawGatewayClient sender = login(group + "_sender")) {
            SendAck m = send(sender, group, "before the late member");
            await().until(() -> System.currentTimeMillis() > m.getSentTime());
            assertThat(node.api().post("/group/join.json", "groupId", group, "userId", group + "_late").code())
                    .isEqualTo(200);
            String after = send(sender, group, "after the late member").getMessageUid();
            assertThat(sender.request(Frame.newBuilder().setRecall(RecallRequest.newBuilder()
                    .setMessageUid(m.getMessageUid()))).getRecallAck().getCode()).isZero();
            send(sender, group, "last");
            return new Timeline(m.getMessageUid(), after);
        }
    }

    @Test
    void aLaterMembersHistoryStartsWhenTheyJoinedAndAnEarlierMembersDoesNot() throws Exception {
        Timeline t = recallAfterALateJoin("jh");
        try (RawGatewayClient late = login("jh_late")) {
            assertThat(history(late, "jh").getMessagesList()).extracting(InboxMessage::getMessageUid)
                    .contains(t.after()).doesNotContain(t.before());
        }
        try (RawGatewayClient early = login("jh_early")) {
            assertThat(history(early, "jh").getMessagesList()).extracting(InboxMessage::getMessageUid)
                    .contains(t.before(), t.after());
        }
    }

    @Test
    void aRecallNoticeGoesOnlyToMembersWhoReceivedTheOriginal() throws Exception {
        Timeline t = recallAfterALateJoin("jr");
        try (RawGatewayClient late = login("jr_late")) {
            assertThat(inbox(late)).extracting(InboxMessage::getContent)
                    .containsExactly(text("after the late member"), text("last"));
        }
        try (RawGatewayClient early = login("jr_early")) {
            assertThat(inbox(early))
                    .filteredOn(m -> m.getObjectName().equals("RC:RcNtf") && !m.getMessageUid().equals(t.before()))
                    .singleElement().satisfies(n -> assertThat(n.getContent()).contains(t.before()));
        }
    }

    private static RawGatewayClient login(String user) throws IOException {
        RawGatewayClient c = new RawGatewayClient(node.tcpPort());
        assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), node.token(user)).setDeviceId(user)).getCode())
                .isZero();
        return c;
    }

    private static String text(String text) {
        return "{\"content\":\"" + text + "\"}";
    }

    private static SendAck send(RawGatewayClient c, String group, String text) throws IOException {
        SendAck ack = c.request(Frame.newBuilder().setSend(Send.newBuilder().setClientMsgId(UUID.randomUUID().toString())
                .setConversationType(ConversationType.GROUP).setTargetId(group).setObjectName("RC:TxtMsg")
                .setContent(text(text)))).getSendAck();
        assertThat(ack.getCode()).isZero();
        return ack;
    }

    private static List<InboxMessage> inbox(RawGatewayClient c) throws IOException {
        return c.request(Frame.newBuilder().setSync(SyncRequest.newBuilder().setAfterSeq(0))).getSyncResult()
                .getMessagesList();
    }

    private static HistoryResult history(RawGatewayClient c, String group) throws IOException {
        HistoryResult r = c.request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                .setConversationType(ConversationType.GROUP).setTargetId(group).setLimit(100))).getHistoryResult();
        assertThat(r.getCode()).isZero();
        return r;
    }
}
