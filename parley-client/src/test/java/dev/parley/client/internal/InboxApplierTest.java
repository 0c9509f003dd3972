package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.ObjectNames;
import dev.parley.client.SentStatus;
import dev.parley.protocol.wire.InboxMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apply rules of SPEC §7 against a real database file. */
class InboxApplierTest {
    @TempDir
    Path dir;
    private LocalStore local;
    private MessageStore store;
    private InboxApplier applier;

    @BeforeEach
    void open() throws Exception {
        local = LocalStore.open(dir.resolve("me.db"));
        store = new MessageStore(local);
        applier = new InboxApplier(store, "me");
    }

    @AfterEach
    void close() {
        local.close();
    }

    @Test
    void entriesAndTheCursorAreCommittedTogetherAndSurviveReopening() throws Exception {
        List<InboxEvent> events = applier.apply(List.of(text(1, "U1", 100), text(2, "U2", 200), text(3, "U3", 300)), 3);

        assertThat(events).hasSize(3).allMatch(e -> e instanceof InboxEvent.Received);
        local.close();
        local = LocalStore.open(dir.resolve("me.db"));
        store = new MessageStore(local);
        assertThat(store.lastSeq()).isEqualTo(3);
        assertThat(store.history(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(3);
        assertThat(store.unreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(3);
    }

    @Test
    void aUidAlreadyStoredIsNotAppliedTwice() throws Exception {
        applier.apply(List.of(text(1, "U1", 100)), 1);

        List<InboxEvent> events = applier.apply(List.of(text(2, "U1", 100)), 2);

        assertThat(events).isEmpty();
        assertThat(store.history(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(1);
        assertThat(store.unreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(1);
        assertThat(store.lastSeq()).isEqualTo(2);
    }

    @Test
    void anOwnEntryWithALocalClientIdConfirmsThatRowInsteadOfAddingOne() throws Exception {
        Message draft = Message.builder().conversationType(ConversationType.PRIVATE).targetId("bob")
                .objectName(ObjectNames.TEXT).content("{\"content\":\"hi\"}").build();
        Message saved = store.insertSending(draft, "me", "c1", 50);
        InboxMessage own = text(1, "U9", 60).toBuilder().setOutgoing(true).setSenderUserId("me").setClientMsgId("c1").build();

        List<InboxEvent> events = applier.apply(List.of(own), 1);

        assertThat(events).singleElement().isInstanceOfSatisfying(InboxEvent.SendConfirmed.class, c -> {
            assertThat(c.message().getMessageId()).isEqualTo(saved.getMessageId());
            assertThat(c.message().getMessageUId()).isEqualTo("U9");
            assertThat(c.message().getSentStatus()).isEqualTo(SentStatus.SENT);
        });
        assertThat(store.history(ConversationType.PRIVATE, "bob", -1, 10)).singleElement()
                .satisfies(m -> assertThat(m.getSentTime()).isEqualTo(60));
        assertThat(store.sending()).isEmpty();
        assertThat(store.unreadCount(ConversationType.PRIVATE, "bob")).isZero();
    }

    @Test
    void aRecallReplacesTheOriginalAndTakesItOutOfTheUnreadCount() throws Exception {
        applier.apply(List.of(text(1, "U1", 100), text(2, "U2", 200)), 2);
        String notice = "{\"messageUId\":\"U1\",\"originalObjectName\":\"RC:TxtMsg\",\"recallTime\":300,\"operatorId\":\"bob\"}";
        InboxMessage rc = text(3, "U3", 300).toBuilder().setObjectName(ObjectNames.RECALL_NOTICE).setContent(notice)
                .setNotCounted(true).build();

        List<InboxEvent> events = applier.apply(List.of(rc), 3);

        assertThat(events).singleElement().isInstanceOfSatisfying(InboxEvent.Recalled.class, r -> {
            assertThat(r.message().getMessageUId()).isEqualTo("U1");
            assertThat(r.message().getObjectName()).isEqualTo(ObjectNames.RECALL_NOTICE);
            assertThat(r.message().getContent()).isEqualTo(notice);
        });
        assertThat(store.unreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(1);
        assertThat(store.history(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(2);
        assertThat(applier.apply(List.of(rc.toBuilder().setSeq(4).setMessageUid("U4").build()), 4)).isEmpty();
    }

    @Test
    void aRecallNoticeFromAnotherUserLeavesTheMessageAlone() throws Exception {
        applier.apply(List.of(text(1, "U1", 100)), 1);
        // mallory sends bob's uid in a notice of her own, privately to me.
        InboxMessage forged = notice(2, "U2", "U1", "mallory").toBuilder().setTargetId("mallory").build();

        List<InboxEvent> events = applier.apply(List.of(forged), 2);

        assertThat(events).isEmpty();
        assertThat(store.byUid("U1").getObjectName()).isEqualTo(ObjectNames.TEXT);
        assertThat(store.unreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(1);
        assertThat(store.conversations()).extracting(c -> c.getTargetId()).containsExactly("bob");
    }

    @Test
    void aRecallNoticeFromAnotherGroupMemberLeavesTheMessageAlone() throws Exception {
        InboxMessage carols = group(text(1, "U1", 100), "carol");
        applier.apply(List.of(carols), 1);
        InboxMessage forged = group(notice(2, "U2", "U1", "mallory"), "mallory");

        assertThat(applier.apply(List.of(forged), 2)).isEmpty();

        assertThat(store.byUid("U1").getObjectName()).isEqualTo(ObjectNames.TEXT);
    }

    @Test
    void aRecallNoticeFromTheSenderInAnotherConversationLeavesTheMessageAlone() throws Exception {
        applier.apply(List.of(text(1, "U1", 100)), 1);
        // bob is the sender, but posts the notice in a group: the server's recall would send it privately.
        InboxMessage elsewhere = group(notice(2, "U2", "U1", "bob"), "bob");

        assertThat(applier.apply(List.of(elsewhere), 2)).isEmpty();

        assertThat(store.byUid("U1").getObjectName()).isEqualTo(ObjectNames.TEXT);
        assertThat(store.unreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(1);
    }

    @Test
    void aRecallOfAnOwnMessageFromAnotherOwnDeviceReplacesIt() throws Exception {
        InboxMessage mine = text(1, "U1", 100).toBuilder().setSenderUserId("me").setOutgoing(true).build();
        applier.apply(List.of(mine), 1);
        InboxMessage recall = notice(2, "U2", "U1", "me").toBuilder().setOutgoing(true)
                .setClientMsgId("recall:U1").build();

        assertThat(applier.apply(List.of(recall), 2)).singleElement().isInstanceOf(InboxEvent.Recalled.class);

        assertThat(store.byUid("U1").getObjectName()).isEqualTo(ObjectNames.RECALL_NOTICE);
    }

    @Test
    void aRecallNoticeForAMessageNotStoredHereStoresNothing() throws Exception {
        List<InboxEvent> events = applier.apply(List.of(notice(1, "U2", "U1", "bob")), 1);

        assertThat(events).isEmpty();
        assertThat(store.byUid("U1")).isNull();
        assertThat(store.byUid("U2")).isNull();
        assertThat(store.conversations()).isEmpty();
        assertThat(store.lastSeq()).isEqualTo(1);
    }

    @Test
    void aReadReceiptFromAnotherOwnDeviceClearsOnlyUpToItsTime() throws Exception {
        applier.apply(List.of(text(1, "U1", 100), text(2, "U2", 200), text(3, "U3", 300)), 3);
        InboxMessage read = InboxMessage.newBuilder().setSeq(4).setMessageUid("U4")
                .setConversationType(dev.parley.protocol.wire.ConversationType.PRIVATE).setTargetId("bob")
                .setSenderUserId("me").setOutgoing(true).setObjectName(ObjectNames.READ_RECEIPT)
                .setContent("{\"lastMessageSendTime\":200}").setNotPersisted(true).setNotCounted(true).build();

        List<InboxEvent> events = applier.apply(List.of(read), 4);

        assertThat(events).containsExactly(new InboxEvent.ReadOnOtherDevice(ConversationType.PRIVATE, "bob"));
        assertThat(store.unreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(1);
        assertThat(store.history(ConversationType.PRIVATE, "bob", -1, 10)).extracting(Message::isRead)
                .containsExactly(false, true, true);
    }

    @Test
    void historyPagesAreNewestFirstAndStableForEqualTimes() throws Exception {
        applier.apply(List.of(text(1, "U1", 100), text(2, "U2", 100), text(3, "U3", 100), text(4, "U4", 90)), 4);

        List<Message> first = store.history(ConversationType.PRIVATE, "bob", -1, 2);
        List<Message> second = store.history(ConversationType.PRIVATE, "bob", first.get(1).getMessageId(), 5);

        assertThat(first).extracting(Message::getMessageUId).containsExactly("U3", "U2");
        assertThat(second).extracting(Message::getMessageUId).containsExactly("U1", "U4");
    }

    @Test
    void aMentionOfEveryoneIsToldApartFromUserIdsAndSurvivesTheDatabase() throws Exception {
        InboxMessage mention = text(1, "U1", 100).toBuilder()
                .setConversationType(dev.parley.protocol.wire.ConversationType.GROUP).setTargetId("team")
                .addMentionedUserIds("me").addMentionedUserIds(Message.MENTION_ALL).build();

        Message received = ((InboxEvent.Received) applier.apply(List.of(mention), 1).get(0)).message();
        Message stored = store.history(ConversationType.GROUP, "team", -1, 1).get(0);

        for (Message m : List.of(received, stored)) {
            assertThat(m.isMentionedAll()).isTrue();
            assertThat(m.getMentionedUserIds()).containsExactly("me");
        }
        Message plain = Message.builder().mentionedUserIds(List.of("a", "b")).build();
        assertThat(plain.isMentionedAll()).isFalse();
        assertThat(plain.getMentions()).containsExactly("a", "b");
        assertThat(plain.toBuilder().mentionedAll(true).build().getMentions()).containsExactly("a", "b", "@all");
    }

    /** A recall notice as the server's recall sends it to me, from {@code sender}, privately. */
    private static InboxMessage notice(long seq, String uid, String recalledUid, String sender) {
        String content = "{\"messageUId\":\"" + recalledUid + "\",\"originalObjectName\":\"RC:TxtMsg\","
                + "\"recallTime\":300,\"operatorId\":\"" + sender + "\"}";
        return text(seq, uid, 300).toBuilder().setSenderUserId(sender).setObjectName(ObjectNames.RECALL_NOTICE)
                .setContent(content).setNotCounted(true).build();
    }

    /** {@code m} as a message of group g1 from {@code sender}. */
    private static InboxMessage group(InboxMessage m, String sender) {
        return m.toBuilder().setConversationType(dev.parley.protocol.wire.ConversationType.GROUP).setTargetId("g1")
                .setSenderUserId(sender).build();
    }

    private static InboxMessage text(long seq, String uid, long sentTime) {
        return InboxMessage.newBuilder().setSeq(seq).setMessageUid(uid)
                .setConversationType(dev.parley.protocol.wire.ConversationType.PRIVATE).setTargetId("bob")
                .setSenderUserId("bob").setObjectName(ObjectNames.TEXT).setContent("{\"content\":\"" + uid + "\"}")
                .setSentTime(sentTime).build();
    }
}
