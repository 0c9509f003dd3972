package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.MessagingTestBase;
import dev.parley.client.testing.ResultRecorder;
import dev.parley.protocol.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Recall, typing status, remote history and the conversation list. */
class MessageFeaturesTest extends MessagingTestBase {

    @Test
    void recallingAnUnreadMessageReplacesItEverywhereAndFixesTheUnreadCount() throws Exception {
        Device alice = online("alice");
        Device bob = online("bob");
        Message oops = sendAndAwait(alice.engine(), alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "oops"));
        sendAndAwait(alice.engine(), alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "keep"));
        awaitReceived(bob, 2);
        assertThat(bob.engine().getUnreadCount(ConversationType.PRIVATE, "alice")).isEqualTo(2);
        ResultRecorder<Message> result = new ResultRecorder<>();

        assertThat(alice.engine().recallMessage(oops, result)).isZero();

        Message recalled = result.result.get(5, TimeUnit.SECONDS);
        assertThat(recalled.getObjectName()).isEqualTo(ObjectNames.RECALL_NOTICE);
        assertThat(recalled.getMessageId()).isEqualTo(oops.getMessageId());
        assertThat(recalled.getMessageUId()).isEqualTo(oops.getMessageUId());
        assertThat(recalled.getContent()).contains(oops.getMessageUId()).contains("RC:TxtMsg").contains("alice");
        await().until(() -> bob.events().recalled.size() == 1);
        Message onBob = bob.events().recalled.get(0);
        assertThat(onBob.getMessageUId()).isEqualTo(oops.getMessageUId());
        assertThat(onBob.getMessageId()).isEqualTo(bob.events().received.get(0).message().getMessageId());
        assertThat(onBob.getObjectName()).isEqualTo(ObjectNames.RECALL_NOTICE);
        assertThat(bob.engine().getUnreadCount(ConversationType.PRIVATE, "alice")).isEqualTo(1);
        assertThat(bob.engine().getHistoryMessages(ConversationType.PRIVATE, "alice", -1, 10))
                .extracting(Message::getObjectName).containsExactly("RC:TxtMsg", ObjectNames.RECALL_NOTICE);
        // The notice is not a new message, and the recalling device is told by its callback only.
        await().during(Duration.ofMillis(200)).until(() -> bob.events().received.size() == 2);
        assertThat(alice.events().recalled).isEmpty();
        assertThat(alice.engine().getMessage(oops.getMessageId()).getObjectName()).isEqualTo(ObjectNames.RECALL_NOTICE);
    }

    @Test
    void onlyOnesOwnSentMessagesCanBeRecalled() throws Exception {
        Device alice = online("alice");
        Device bob = online("bob");
        sendAndAwait(bob.engine(), bob.engine().createTextMessage(ConversationType.PRIVATE, "alice", "mine"));
        awaitReceived(alice, 1);

        ResultRecorder<Message> received = new ResultRecorder<>();
        assertThat(alice.engine().recallMessage(alice.events().received.get(0).message(), received)).isZero();
        assertThat(received.errorCode()).isEqualTo(ErrorCode.RECALL_NOT_OWN_MESSAGE);

        ResultRecorder<Message> draft = new ResultRecorder<>();
        alice.engine().recallMessage(alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "never sent"), draft);
        assertThat(draft.errorCode()).isEqualTo(ErrorCode.RECALL_NOT_OWN_MESSAGE);
        assertThat(alice.engine().recallMessage(null, new ResultRecorder<>())).isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    @Test
    void typingStatusReachesThePeerLiveAndIsThrottled() throws Exception {
        Device alice = online("alice");
        Device bob = online("bob");

        for (int i = 0; i < 3; i++) {
            assertThat(alice.engine().sendTypingStatus(ConversationType.PRIVATE, "bob", "RC:TxtMsg")).isZero();
        }

        await().until(() -> bob.events().typing.size() == 1);
        assertThat(bob.events().typing).containsExactly("alice:RC:TxtMsg@PRIVATE:alice");
        // A message after the typing calls is a barrier: any second typing frame was sent before it.
        sendAndAwait(alice.engine(), alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "done"));
        awaitReceived(bob, 1);
        assertThat(gateway.messaging.sends).filteredOn(s -> s.getObjectName().equals("RC:TypSts")).singleElement()
                .satisfies(s -> assertThat(s.getStatusOnly()).isTrue());
        assertThat(bob.events().typing).hasSize(1);
        assertThat(bob.engine().getHistoryMessages(ConversationType.PRIVATE, "alice", -1, 10)).hasSize(1);
        assertThat(alice.engine().sendTypingStatus(ConversationType.PRIVATE, "", "RC:TxtMsg"))
                .isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    @Test
    void remoteHistoryIsFetchedInPagesAndStoredWithoutTouchingUnread() throws Exception {
        gateway.messaging.createGroup("g1", "bob");
        for (int i = 0; i < 30; i++) {
            gateway.messaging.publish("bob", dev.parley.protocol.wire.ConversationType.GROUP, "g1", "RC:TxtMsg",
                    "{\"content\":\"m" + i + "\"}");
        }
        gateway.messaging.createGroup("g1", "alice", "bob"); // alice joins later: not in her inbox
        Device alice = online("alice");
        assertThat(alice.events().received).isEmpty();

        List<Message> page1 = fetch(alice, 0, 20);
        assertThat(page1).extracting(m -> ((TextMessage) m).getText())
                .containsExactlyElementsOf(range(29, 10));
        assertThat(page1).allSatisfy(m -> {
            assertThat(m.getMessageId()).isPositive();
            assertThat(m.isRead()).isTrue();
            assertThat(m.getDirection()).isEqualTo(MessageDirection.RECEIVE);
        });
        List<Message> page2 = fetch(alice, page1.get(19).getSentTime(), 20);
        assertThat(page2).extracting(m -> ((TextMessage) m).getText()).containsExactlyElementsOf(range(9, 0));
        List<Message> again = fetch(alice, 0, 20);
        assertThat(again).extracting(Message::getMessageId)
                .containsExactlyElementsOf(page1.stream().map(Message::getMessageId).toList());

        assertThat(alice.engine().getHistoryMessages(ConversationType.GROUP, "g1", -1, 100)).hasSize(30);
        assertThat(alice.engine().getUnreadCount(ConversationType.GROUP, "g1")).isZero();
        assertThat(alice.engine().getConversation(ConversationType.GROUP, "g1").getLatestSentTime())
                .isEqualTo(page1.get(0).getSentTime());
        assertThat(alice.engine().getRemoteHistoryMessages(ConversationType.GROUP, "g1", 0, 0, new ResultRecorder<>()))
                .isEqualTo(ErrorCode.INVALID_PARAMETER);

        gateway.stop();
        await().until(() -> alice.engine().getConnectionStatus() != ConnectionStatus.CONNECTED);
        ResultRecorder<List<Message>> offline = new ResultRecorder<>();
        assertThat(alice.engine().getRemoteHistoryMessages(ConversationType.GROUP, "g1", 0, 20, offline)).isZero();
        assertThat(offline.errorCode()).isEqualTo(ErrorCode.RC_NET_UNAVAILABLE);
    }

    @Test
    void theConversationListIsNewestFirstWithUnreadCounts() throws Exception {
        Device alice = online("alice");
        gateway.messaging.publishText("bob", "alice", "b1");
        gateway.messaging.publishText("bob", "alice", "b2");
        gateway.messaging.publishText("carol", "alice", "c1");
        awaitReceived(alice, 3);
        sendAndAwait(alice.engine(), alice.engine().createTextMessage(ConversationType.PRIVATE, "dave", "d1"));

        List<Conversation> list = alice.engine().getConversationList();

        assertThat(list).extracting(Conversation::getTargetId).containsExactly("dave", "carol", "bob");
        assertThat(list).extracting(Conversation::getUnreadCount).containsExactly(0, 1, 2);
        assertThat(list.get(2).getLatestMessage()).isInstanceOfSatisfying(TextMessage.class,
                t -> assertThat(t.getText()).isEqualTo("b2"));
        assertThat(alice.engine().getTotalUnreadCount()).isEqualTo(3);
        assertThat(alice.engine().clearMessagesUnreadStatus(ConversationType.PRIVATE, "bob")).isZero();
        assertThat(alice.engine().getTotalUnreadCount()).isEqualTo(1);
        assertThat(alice.engine().clearMessagesUnreadStatus(null, "bob")).isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    private static List<Message> fetch(Device d, long before, int count) throws Exception {
        ResultRecorder<List<Message>> r = new ResultRecorder<>();
        assertThat(d.engine().getRemoteHistoryMessages(ConversationType.GROUP, "g1", before, count, r)).isZero();
        return r.result.get(5, TimeUnit.SECONDS);
    }

    private static List<String> range(int from, int downTo) {
        return java.util.stream.IntStream.iterate(from, i -> i >= downTo, i -> i - 1).mapToObj(i -> "m" + i).toList();
    }
}
