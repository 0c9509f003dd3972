package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.MessageRecorder.Received;
import dev.parley.client.testing.MessagingTestBase;
import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.SyncRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Offline sync and live notifies: every message exactly once, in the server's order. */
class SyncTest extends MessagingTestBase {

    @Test
    void offlineMessagesArriveOnceInOrderInPackagesOf200() throws Exception {
        publishTexts("bob", "alice", 450);
        Device alice = device("alice", "main");

        connect(alice);

        List<Received> got = alice.events().received;
        assertThat(got).hasSize(450);
        assertThat(alice.events().texts()).containsExactlyElementsOf(texts(450));
        for (int i = 0; i < 450; i++) {
            int packageEnd = i < 200 ? 199 : i < 400 ? 399 : 449;
            Received r = got.get(i);
            assertThat(r.left()).as("left of #%d", i).isEqualTo(packageEnd - i);
            assertThat(r.offline()).isTrue();
            assertThat(r.hasPackage()).as("hasPackage of #%d", i).isEqualTo(i < 400);
        }
        assertThat(alice.events().syncCompleted.get()).isEqualTo(1);
        assertThat(gateway.messaging.syncRequests).extracting(SyncRequest::getAfterSeq).containsExactly(0L, 200L, 400L);
        assertThat(gateway.messaging.syncRequests).extracting(SyncRequest::getLimit).containsOnly(200);
        assertThat(alice.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(450);
        assertThat(alice.engine().getTotalUnreadCount()).isEqualTo(450);
        Conversation c = alice.engine().getConversation(ConversationType.PRIVATE, "bob");
        assertThat(((TextMessage) c.getLatestMessage()).getText()).isEqualTo("m449");
        // Newest first, paging by local id.
        List<Message> page1 = alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 20);
        List<Message> page2 = alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob",
                page1.get(19).getMessageId(), 20);
        assertThat(page1.get(0).getContent()).contains("m449");
        assertThat(page2.get(0).getContent()).contains("m429");
    }

    @Test
    void duplicatedAndReorderedNotifiesDeliverEachMessageOnceInOrder() throws Exception {
        Device alice = online("alice");
        gateway.messaging.duplicateNotifies = true;

        publishTexts("bob", "alice", 10);
        awaitReceived(alice, 10);
        gateway.messaging.duplicateNotifies = false;
        gateway.messaging.swapNotifyPairs = true;
        for (int i = 10; i < 20; i++) {
            gateway.messaging.publishText("bob", "alice", "m" + i);
        }

        awaitReceived(alice, 20);
        await().during(Duration.ofMillis(300)).until(() -> alice.events().received.size() == 20);
        assertThat(alice.events().texts()).containsExactlyElementsOf(texts(20));
        assertThat(alice.events().received).extracting(r -> r.message().getMessageUId()).doesNotHaveDuplicates();
        assertThat(alice.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(20);
        assertThat(alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 100)).hasSize(20);
    }

    @Test
    void droppedNotifiesAreCaughtUpAtTheNextNotify() throws Exception {
        Device alice = online("alice");
        gateway.messaging.dropNotifies = true;
        publishTexts("bob", "alice", 5);
        gateway.messaging.dropNotifies = false;

        gateway.messaging.publishText("bob", "alice", "m5");

        awaitReceived(alice, 6);
        assertThat(alice.events().texts()).containsExactlyElementsOf(texts(6));
        assertThat(gateway.messaging.syncRequests).extracting(SyncRequest::getAfterSeq).containsExactly(0L, 0L);
    }

    @Test
    void aSocketClosedInTheMiddleOfTheSyncLosesAndRepeatsNothing() throws Exception {
        publishTexts("bob", "alice", 450);
        gateway.messaging.closeAfterSyncPages = 1;
        Device alice = device("alice", "main");

        connect(alice);

        assertThat(alice.events().texts()).containsExactlyElementsOf(texts(450));
        assertThat(alice.events().syncCompleted.get()).isEqualTo(1);
        assertThat(gateway.connects).extracting(Connect::getLastSeq).containsExactly(0L, 200L);
        assertThat(alice.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(450);
    }

    @Test
    void aRestartedEngineKeepsHistoryAndCursorAndRedeliversNothing() throws Exception {
        Device first = online("alice");
        publishTexts("bob", "alice", 10);
        awaitReceived(first, 10);
        first.engine().destroy();

        Device second = online("alice");

        assertThat(gateway.connects.get(gateway.connects.size() - 1).getLastSeq()).isEqualTo(10);
        assertThat(second.events().received).isEmpty();
        assertThat(second.events().syncCompleted.get()).isEqualTo(1);
        assertThat(second.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 100)).hasSize(10);
        assertThat(second.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(10);

        gateway.messaging.publishText("bob", "alice", "m10");
        awaitReceived(second, 1);
        assertThat(second.events().texts()).containsExactly("m10");
    }

    @Test
    void syncCompletesAfterEveryReconnection() throws Exception {
        Device alice = online("alice");
        gateway.messaging.dropNotifies = true;
        publishTexts("bob", "alice", 3);

        gateway.dropAll();

        await().until(() -> alice.events().syncCompleted.get() == 2);
        assertThat(alice.events().texts()).containsExactlyElementsOf(texts(3));
        assertThat(alice.events().received).allSatisfy(r -> assertThat(r.offline()).isTrue());
    }

    @Test
    void notPersistedMessagesAreDeliveredButNotStored() throws Exception {
        Device alice = online("alice");

        gateway.messaging.publish("bob", dev.parley.protocol.wire.ConversationType.PRIVATE, "alice", "app:Ping",
                "{\"n\":1}", false, true, true);
        gateway.messaging.publishText("bob", "alice", "after");

        awaitReceived(alice, 2);
        assertThat(alice.events().received.get(0).message().getObjectName()).isEqualTo("app:Ping");
        assertThat(alice.events().received.get(0).message().getMessageId()).isZero();
        assertThat(alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(1);
        assertThat(alice.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(1);
    }

    private void publishTexts(String from, String to, int n) {
        for (int i = 0; i < n; i++) {
            gateway.messaging.publishText(from, to, "m" + i);
        }
    }

    private static List<String> texts(int n) {
        return IntStream.range(0, n).mapToObj(i -> "m" + i).toList();
    }
}
