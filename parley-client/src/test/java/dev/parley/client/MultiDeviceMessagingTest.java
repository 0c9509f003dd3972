package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.MessageRecorder.Received;
import dev.parley.client.testing.MessagingTestBase;
import dev.parley.protocol.wire.Send;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Several devices of one user: own messages and read state follow the user. */
class MultiDeviceMessagingTest extends MessagingTestBase {

    @Test
    void aMessageSentOnOneDeviceAppearsOnTheOtherAsSent() throws Exception {
        Device phone = online("alice", "phone");
        Device desk = online("alice", "desk");
        Device bob = online("bob");

        Message sent = sendAndAwait(phone.engine(), phone.engine().createTextMessage(ConversationType.PRIVATE, "bob", "hi"));

        awaitReceived(desk, 1);
        awaitReceived(bob, 1);
        Received r = desk.events().received.get(0);
        assertThat(r.offline()).isFalse();
        assertThat(r.message().getDirection()).isEqualTo(MessageDirection.SEND);
        assertThat(r.message().getSenderUserId()).isEqualTo("alice");
        assertThat(r.message().getTargetId()).isEqualTo("bob");
        assertThat(r.message().getMessageUId()).isEqualTo(sent.getMessageUId());
        assertThat(r.message().getSentStatus()).isEqualTo(SentStatus.SENT);
        assertThat(r.message().getMessageId()).isPositive();
        assertThat(desk.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isZero();
        assertThat(desk.engine().getConversation(ConversationType.PRIVATE, "bob").getLatestMessage().getMessageUId())
                .isEqualTo(sent.getMessageUId());
        await().during(Duration.ofMillis(200)).until(() -> phone.events().received.isEmpty());
    }

    @Test
    void aMessageTheAppServerSendsOnTheUsersBehalfReachesAllTheirDevicesAsSent() throws Exception {
        Device phone = online("alice", "phone");
        Device desk = online("alice", "desk");
        Device bob = online("bob");

        gateway.messaging.publish("alice", dev.parley.protocol.wire.ConversationType.PRIVATE, "bob", "RC:TxtMsg",
                "{\"content\":\"from the server\"}", true, false, false);

        awaitReceived(phone, 1);
        awaitReceived(desk, 1);
        awaitReceived(bob, 1);
        assertThat(phone.events().received.get(0).message().getDirection()).isEqualTo(MessageDirection.SEND);
        assertThat(desk.events().received.get(0).message().getDirection()).isEqualTo(MessageDirection.SEND);
        assertThat(bob.events().received.get(0).message().getDirection()).isEqualTo(MessageDirection.RECEIVE);
        assertThat(phone.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isZero();
        assertThat(bob.engine().getUnreadCount(ConversationType.PRIVATE, "alice")).isEqualTo(1);
    }

    @Test
    void readingAPrivateChatOnOneDeviceClearsItOnTheOtherAndSendsTheSenderAReceipt() throws Exception {
        Device phone = online("alice", "phone");
        Device desk = online("alice", "desk");
        Device bob = online("bob");
        Message last = null;
        for (int i = 0; i < 3; i++) {
            last = sendAndAwait(bob.engine(), bob.engine().createTextMessage(ConversationType.PRIVATE, "alice", "b" + i));
        }
        awaitReceived(phone, 3);
        awaitReceived(desk, 3);
        assertThat(desk.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(3);

        assertThat(phone.engine().clearMessagesUnreadStatus(ConversationType.PRIVATE, "bob")).isZero();

        assertThat(phone.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isZero();
        await().until(() -> desk.engine().getUnreadCount(ConversationType.PRIVATE, "bob") == 0);
        await().until(() -> desk.events().readOnOtherDevice.size() == 1);
        assertThat(desk.events().readOnOtherDevice).containsExactly("PRIVATE:bob");
        assertThat(desk.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 10))
                .allSatisfy(m -> assertThat(m.isRead()).isTrue());
        long t = last.getSentTime();
        await().until(() -> bob.events().readReceipts.size() == 1);
        assertThat(bob.events().readReceipts).containsExactly("PRIVATE:alice:" + t);
        assertThat(bob.engine().getHistoryMessages(ConversationType.PRIVATE, "alice", -1, 10))
                .extracting(Message::getSentStatus).containsOnly(SentStatus.READ);
        assertThat(phone.events().readOnOtherDevice).isEmpty();
        assertThat(phone.events().received).hasSize(3);

        // Nothing unread any more: nothing to tell anyone.
        assertThat(phone.engine().clearMessagesUnreadStatus(ConversationType.PRIVATE, "bob")).isZero();
        sendAndAwait(phone.engine(), phone.engine().createTextMessage(ConversationType.PRIVATE, "bob", "barrier"));
        assertThat(gateway.messaging.sends).filteredOn(s -> s.getObjectName().equals("RC:ReadNtf")).hasSize(1)
                .allSatisfy(s -> assertThat(s.getNotPersisted() && s.getNotCounted()).isTrue());
    }

    @Test
    void readingAGroupOnOneDeviceClearsItOnTheOtherDevicesOnly() throws Exception {
        gateway.messaging.createGroup("g1", "alice", "bob");
        Device phone = online("alice", "phone");
        Device desk = online("alice", "desk");
        Device bob = online("bob");
        sendAndAwait(bob.engine(), bob.engine().createTextMessage(ConversationType.GROUP, "g1", "one"));
        sendAndAwait(bob.engine(), bob.engine().createTextMessage(ConversationType.GROUP, "g1", "two"));
        awaitReceived(phone, 2);
        awaitReceived(desk, 2);
        assertThat(desk.engine().getUnreadCount(ConversationType.GROUP, "g1")).isEqualTo(2);
        assertThat(desk.events().received.get(0).message().getTargetId()).isEqualTo("g1");

        assertThat(phone.engine().clearMessagesUnreadStatus(ConversationType.GROUP, "g1")).isZero();

        await().until(() -> desk.engine().getUnreadCount(ConversationType.GROUP, "g1") == 0);
        await().until(() -> desk.events().readOnOtherDevice.size() == 1);
        assertThat(desk.events().readOnOtherDevice).containsExactly("GROUP:g1");
        Send srs = gateway.messaging.sends.stream().filter(s -> s.getObjectName().equals("RC:SRSMsg")).findFirst().orElseThrow();
        assertThat(srs.getToSelfOnly()).isTrue();
        assertThat(gateway.messaging.inbox("bob")).noneMatch(m -> m.getObjectName().equals("RC:SRSMsg"));
        assertThat(bob.events().readReceipts).isEmpty();
    }
}
