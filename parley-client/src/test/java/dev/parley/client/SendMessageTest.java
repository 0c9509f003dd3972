package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.MessagingTestBase;
import dev.parley.client.testing.ResultRecorder;
import dev.parley.client.testing.SendRecorder;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.Send;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sending: callbacks, codes, idempotent resends and the local database as the outbox. */
class SendMessageTest extends MessagingTestBase {

    @Test
    void sendsSavesThenAcksAndThePeerReceivesItOnce() throws Exception {
        Device alice = online("alice");
        Device bob = online("bob");
        TextMessage draft = alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "hello", "x1");
        SendRecorder cb = new SendRecorder();

        assertThat(alice.engine().sendMessage(draft, cb)).isZero();

        Message sent = cb.sent.get(5, TimeUnit.SECONDS);
        Message saved = cb.saved.get();
        assertThat(cb.events).containsExactly("saved", "sent:0");
        assertThat(saved.getMessageId()).isPositive();
        assertThat(saved.getSentStatus()).isEqualTo(SentStatus.SENDING);
        assertThat(saved.getMessageUId()).isNull();
        assertThat(saved.getClientMessageId()).isNotBlank();
        assertThat(saved.getSenderUserId()).isEqualTo("alice");
        assertThat(sent).isInstanceOf(TextMessage.class);
        assertThat(sent.getMessageId()).isEqualTo(saved.getMessageId());
        assertThat(sent.getMessageUId()).isNotBlank();
        assertThat(sent.getSentTime()).isPositive();
        assertThat(sent.getSentStatus()).isEqualTo(SentStatus.SENT);
        assertThat(sent.getDirection()).isEqualTo(MessageDirection.SEND);

        awaitReceived(bob, 1);
        await().during(Duration.ofMillis(200)).until(() -> bob.events().received.size() == 1);
        assertThat(bob.events().received.get(0).left()).isZero();
        Message got = bob.events().received.get(0).message();
        assertThat(got).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) got).getText()).isEqualTo("hello");
        assertThat(((TextMessage) got).getExtra()).isEqualTo("x1");
        assertThat(got.getMessageUId()).isEqualTo(sent.getMessageUId());
        assertThat(got.getSentTime()).isEqualTo(sent.getSentTime());
        assertThat(got.getDirection()).isEqualTo(MessageDirection.RECEIVE);
        assertThat(got.getSenderUserId()).isEqualTo("alice");
        assertThat(got.getTargetId()).isEqualTo("alice");
        assertThat(got.getMessageId()).isPositive();
        assertThat(bob.events().received.get(0).offline()).isFalse();
        assertThat(bob.events().threads).allSatisfy(t -> assertThat(t.getName()).startsWith("parley-callback"));

        // The sender's own Notify (outgoing entry) is absorbed, not delivered.
        await().until(() -> gateway.messaging.inbox("alice").size() == 1);
        assertThat(gateway.messaging.storedCount()).isEqualTo(1);
        assertThat(alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 10))
                .singleElement().satisfies(m -> {
                    assertThat(m.getMessageUId()).isEqualTo(sent.getMessageUId());
                    assertThat(m.getSentStatus()).isEqualTo(SentStatus.SENT);
                });
        assertThat(bob.engine().getUnreadCount(ConversationType.PRIVATE, "alice")).isEqualTo(1);
        assertThat(alice.engine().getUnreadCount(ConversationType.PRIVATE, "bob")).isZero();
        assertThat(alice.events().received).isEmpty();
    }

    @Test
    void refusesBadCallsSynchronouslyWithoutCallbacks() throws Exception {
        Device alice = device("alice", "main");
        ImEngine e = alice.engine();
        Message ok = e.createTextMessage(ConversationType.PRIVATE, "bob", "hi");
        SendRecorder refused = new SendRecorder();

        assertThat(e.sendMessage(ok, refused)).as("no database before connect").isEqualTo(ErrorCode.CLIENT_NOT_INIT);
        connect(alice);
        assertThat(e.sendMessage(null, refused)).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(e.sendMessage(ok, null)).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(e.sendMessage(e.createTextMessage(ConversationType.PRIVATE, "", "hi"), refused))
                .isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(e.sendMessage(e.createTextMessage(null, "bob", "hi"), refused)).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(e.sendMessage(e.createMessage(ConversationType.PRIVATE, "bob", "app:Card", "not json"), refused))
                .isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(e.sendMessage(e.createMessage(ConversationType.PRIVATE, "bob", "app:Card", "[1,2]"), refused))
                .isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(e.sendMessage(e.createMessage(ConversationType.PRIVATE, "bob", "RC:RcNtf", "{}"), refused))
                .as("the SDK sends recall notices itself").isEqualTo(ErrorCode.INVALID_PARAMETER);
        String big = "{\"content\":\"" + "é".repeat(Protocol.MAX_CONTENT_BYTES / 2) + "\"}";
        assertThat(e.sendMessage(e.createMessage(ConversationType.PRIVATE, "bob", "app:Big", big), refused))
                .isEqualTo(ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT);

        // Callbacks run in order on one executor: once this one is through, a stray one would have come.
        sendAndAwait(e, e.createMessage(ConversationType.PRIVATE, "bob", "app:Card", "{\"title\":\"t\"}"));
        assertThat(refused.events).isEmpty();
        assertThat(gateway.messaging.sends).hasSize(1);

        e.destroy();
        assertThat(e.sendMessage(ok, refused)).isEqualTo(ErrorCode.CLIENT_NOT_INIT);
        assertThat(e.recallMessage(ok, new ResultRecorder<>())).isEqualTo(ErrorCode.CLIENT_NOT_INIT);
        assertThat(e.clearMessagesUnreadStatus(ConversationType.PRIVATE, "bob")).isEqualTo(ErrorCode.CLIENT_NOT_INIT);
        assertThat(e.getConversationList()).isEmpty();
    }

    @Test
    void aLostAckIsResentWithTheSameClientIdAndStoredOnce() throws Exception {
        Device alice = online("alice");
        gateway.messaging.dropSendAcks.set(1);
        gateway.messaging.dropNotifies = true; // so only the resend's ack can complete it
        SendRecorder cb = new SendRecorder();
        long start = System.nanoTime();

        alice.engine().sendMessage(alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "once"), cb);

        Message sent = cb.sent.get(5, TimeUnit.SECONDS);
        assertThat(System.nanoTime() - start).as("resent after the 1 s ack timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos());
        assertThat(cb.events).containsExactly("saved", "sent:0");
        assertThat(gateway.messaging.sends).hasSize(2)
                .extracting(Send::getClientMsgId).containsOnly(cb.saved.get().getClientMessageId());
        assertThat(gateway.messaging.storedCount()).isEqualTo(1);
        assertThat(gateway.messaging.inbox("bob")).singleElement()
                .satisfies(m -> assertThat(m.getMessageUid()).isEqualTo(sent.getMessageUId()));
        assertThat(alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(1);
    }

    @Test
    void anAckLostButNotifiedIsConfirmedFromTheInboxWithoutResending() throws Exception {
        Device alice = online("alice");
        gateway.messaging.dropSendAcks.set(1);
        SendRecorder cb = new SendRecorder();

        alice.engine().sendMessage(alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "x"), cb);

        Message sent = cb.sent.get(5, TimeUnit.SECONDS);
        assertThat(cb.events).containsExactly("saved", "sent:0");
        assertThat(sent.getMessageUId()).isEqualTo(gateway.messaging.inbox("bob").get(0).getMessageUid());
        // Past the ack timeout: the pending request expired without a resend.
        await().during(Duration.ofMillis(1300)).atMost(Duration.ofSeconds(3))
                .until(() -> gateway.messaging.sends.size() == 1);
        assertThat(cb.events).containsExactly("saved", "sent:0");
    }

    @Test
    void aSocketClosedBeforeTheAckIsHealedByTheSyncAfterReconnecting() throws Exception {
        Device alice = online("alice");
        Device bob = online("bob");
        gateway.messaging.closeInsteadOfNextSendAck = true;
        SendRecorder cb = new SendRecorder();

        alice.engine().sendMessage(alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "x"), cb);

        Message sent = cb.sent.get(10, TimeUnit.SECONDS);
        assertThat(cb.code).isZero();
        assertThat(cb.events).containsExactly("saved", "sent:0");
        assertThat(gateway.messaging.storedCount()).isEqualTo(1);
        assertThat(sent.getMessageUId()).isEqualTo(gateway.messaging.inbox("bob").get(0).getMessageUid());
        await().until(() -> alice.events().syncCompleted.get() == 2);
        awaitReceived(bob, 1);
        await().during(Duration.ofMillis(300)).until(() -> bob.events().received.size() == 1);
        assertThat(alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 10)).singleElement()
                .satisfies(m -> assertThat(m.getSentStatus()).isEqualTo(SentStatus.SENT));
    }

    @Test
    void messagesSentWhileDisconnectedGoOutInOrderAfterReconnecting() throws Exception {
        Device alice = online("alice");
        Device bob = online("bob");
        gateway.stop();
        await().until(() -> alice.engine().getConnectionStatus() != ConnectionStatus.CONNECTED);
        List<SendRecorder> cbs = List.of(new SendRecorder(), new SendRecorder(), new SendRecorder());

        for (int i = 0; i < 3; i++) {
            assertThat(alice.engine().sendMessage(
                    alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "m" + i), cbs.get(i))).isZero();
        }
        for (SendRecorder cb : cbs) {
            assertThat(cb.saved.get(5, TimeUnit.SECONDS).getSentStatus()).isEqualTo(SentStatus.SENDING);
        }
        assertThat(alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 10))
                .extracting(Message::getSentStatus).containsOnly(SentStatus.SENDING).hasSize(3);
        assertThat(cbs).allSatisfy(cb -> assertThat(cb.events).containsExactly("saved"));
        gateway.start();

        for (SendRecorder cb : cbs) {
            assertThat(cb.sent.get(15, TimeUnit.SECONDS).getSentStatus()).isEqualTo(SentStatus.SENT);
            assertThat(cb.events).containsExactly("saved", "sent:0");
        }
        assertThat(gateway.messaging.sends).extracting(s -> s.getContent())
                .containsExactly("{\"content\":\"m0\"}", "{\"content\":\"m1\"}", "{\"content\":\"m2\"}");
        awaitReceived(bob, 3);
        assertThat(bob.events().texts()).containsExactly("m0", "m1", "m2");
    }

    @Test
    void aRefusedMessageFailsWithTheServerCodeAndCanBeSentAgain() throws Exception {
        Device alice = online("alice");
        gateway.messaging.createGroup("g1", "bob", "carol");
        SendRecorder first = new SendRecorder();

        alice.engine().sendMessage(alice.engine().createTextMessage(ConversationType.GROUP, "g1", "hi all"), first);

        Message failed = first.sent.get(5, TimeUnit.SECONDS);
        assertThat(first.code).isEqualTo(ErrorCode.NOT_IN_GROUP);
        assertThat(failed.getSentStatus()).isEqualTo(SentStatus.FAILED);
        assertThat(alice.engine().getMessage(failed.getMessageId()).getSentStatus()).isEqualTo(SentStatus.FAILED);
        Message delivered = sendAndAwait(alice.engine(), alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "ok"));
        assertThat(alice.engine().sendMessage(delivered, new SendRecorder()))
                .as("only a FAILED message may be sent again").isEqualTo(ErrorCode.INVALID_PARAMETER);

        gateway.messaging.createGroup("g1", "alice", "bob", "carol");
        Message sent = sendAndAwait(alice.engine(), failed);

        assertThat(sent.getMessageId()).isEqualTo(failed.getMessageId());
        assertThat(gateway.messaging.inbox("carol")).hasSize(1);
        assertThat(alice.engine().getHistoryMessages(ConversationType.GROUP, "g1", -1, 10)).singleElement()
                .satisfies(m -> assertThat(m.getSentStatus()).isEqualTo(SentStatus.SENT));
    }

    @Test
    void unsentMessagesSurviveAnEngineRestartAndGoOutFromTheNextEngine() throws Exception {
        Device alice = online("alice");
        gateway.stop();
        SendRecorder old = new SendRecorder();
        alice.engine().sendMessage(alice.engine().createTextMessage(ConversationType.PRIVATE, "bob", "later"), old);
        old.saved.get(5, TimeUnit.SECONDS);
        alice.engine().destroy();
        gateway.start();

        Device again = online("alice");

        await().until(() -> gateway.messaging.storedCount() == 1);
        await().until(() -> again.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 10).stream()
                .allMatch(m -> m.getSentStatus() == SentStatus.SENT));
        assertThat(gateway.messaging.sends).singleElement()
                .satisfies(s -> assertThat(s.getClientMsgId()).isEqualTo(old.saved.get().getClientMessageId()));
        assertThat(old.events).containsExactly("saved");
    }
}
