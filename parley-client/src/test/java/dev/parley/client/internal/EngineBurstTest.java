package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConversationType;
import dev.parley.client.ImEngine;
import dev.parley.client.Message;
import dev.parley.client.SendMessageCallback;
import dev.parley.client.TextMessage;
import dev.parley.client.testing.MessageRecorder;
import dev.parley.client.testing.MessagingTestBase;
import dev.parley.client.testing.RecordingCallback;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A real engine against the fake gateway: frames that reach it while its actor is busy are
 * stored in one transaction, and the app hears them exactly as it would one by one.
 */
class EngineBurstTest extends MessagingTestBase {
    private static final int BURST = 30;

    @Test
    void liveMessagesOfABurstAreOneTransactionAndReachTheAppInOrderEachWithLeftZero() throws Exception {
        Device bob = patientDevice("bob");
        Messaging messaging = ((DefaultImEngine) bob.engine()).messaging();

        long before;
        try (ActorBlock block = ActorBlock.on(messaging)) {
            for (int i = 1; i <= BURST; i++) {
                gateway.messaging.publishText("alice", "bob", "m" + i);
            }
            block.awaitQueued(BURST);
            before = messaging.store().commits();
        }
        awaitReceived(bob, BURST);

        assertThat(messaging.store().commits() - before).isEqualTo(1);
        assertThat(bob.events().texts()).containsExactlyElementsOf(IntStream.rangeClosed(1, BURST).mapToObj(i -> "m" + i).toList());
        assertThat(bob.events().received).allSatisfy(r -> {
            assertThat(r.left()).isZero();
            assertThat(r.offline()).isFalse();
            assertThat(r.hasPackage()).isFalse();
        });
        assertThat(bob.engine().getUnreadCount(ConversationType.PRIVATE, "alice")).isEqualTo(BURST);
    }

    @Test
    void acksOfABurstAreOneTransactionAndEachSenderHearsInOrder() throws Exception {
        Device alice = patientDevice("alice");
        Messaging messaging = ((DefaultImEngine) alice.engine()).messaging();
        List<String> sent = sendBurstWithAcksHeld(alice);

        long before;
        try (ActorBlock block = ActorBlock.on(messaging)) {
            gateway.messaging.releaseSendAcks();
            block.awaitQueued(BURST);
            before = messaging.store().commits();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == BURST);

        assertThat(messaging.store().commits() - before).isEqualTo(1);
        assertThat(sent).containsExactlyElementsOf(IntStream.rangeClosed(1, BURST).mapToObj(i -> "t" + i + ":0").toList());
        assertThat(alice.engine().getHistoryMessages(ConversationType.PRIVATE, "bob", -1, 100))
                .hasSize(BURST).allMatch(m -> m.getMessageUId() != null);
    }

    @Test
    void sendsMadeWhileAcksArriveShareTheirTransactionAndGoOutInCallOrder() throws Exception {
        Device alice = patientDevice("alice");
        Messaging messaging = ((DefaultImEngine) alice.engine()).messaging();
        List<String> sent = sendBurstWithAcksHeld(alice);

        List<String> saved = new CopyOnWriteArrayList<>();
        long before;
        try (ActorBlock block = ActorBlock.on(messaging)) {
            gateway.messaging.releaseSendAcks();
            // The new sends' acks wait: only the burst is committed while the test counts.
            gateway.messaging.holdSendAcks = true;
            for (int i = 1; i <= BURST; i++) {
                send(alice.engine(), "n" + i, saved, sent);
            }
            block.awaitQueued(2 * BURST);
            before = messaging.store().commits();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == BURST && saved.size() == BURST
                && gateway.messaging.sends.size() == 2 * BURST);

        assertThat(messaging.store().commits() - before).isEqualTo(1);
        assertThat(sent).containsExactlyElementsOf(IntStream.rangeClosed(1, BURST).mapToObj(i -> "t" + i + ":0").toList());
        List<String> burst = IntStream.rangeClosed(1, BURST).mapToObj(i -> "n" + i).toList();
        assertThat(saved).containsExactlyElementsOf(burst);
        assertThat(gateway.messaging.sends.subList(BURST, 2 * BURST))
                .extracting(send -> Json.tree(send.getContent()).path("content").asText())
                .containsExactlyElementsOf(burst);
        assertThat(messaging.store().sending()).extracting(Message::getClientMessageId)
                .containsExactlyElementsOf(gateway.messaging.sends.subList(BURST, 2 * BURST).stream()
                        .map(send -> send.getClientMsgId()).toList());
    }

    /**
     * A connected device whose requests wait 30 s for their answer (not the base's 1 s): held
     * acks must not make it resend.
     */
    private Device patientDevice(String userId) throws Exception {
        ImEngine engine = newEngine(b -> b.dataDir(dataDir.resolve(userId)).deviceId(userId + "-main")
                .connectAckTimeout(Duration.ofSeconds(30)));
        Device d = new Device(userId, engine, new MessageRecorder().attachTo(engine), new RecordingCallback());
        connect(d);
        return d;
    }

    private static void send(ImEngine engine, String text, List<String> sent) {
        send(engine, text, new CopyOnWriteArrayList<>(), sent);
    }

    private static void send(ImEngine engine, String text, List<String> saved, List<String> sent) {
        TextMessage m = engine.createTextMessage(ConversationType.PRIVATE, "bob", text);
        assertThat(engine.sendMessage(m, new SendMessageCallback() {
            @Override
            public void onMessageSaved(Message message) {
                saved.add(((TextMessage) message).getText());
            }

            @Override
            public void onMessageSent(int code, Message message) {
                sent.add(((TextMessage) message).getText() + ":" + code);
            }
        })).isZero();
    }

    /**
     * Sends t1..tBURST from {@code device} and waits until the gateway has them all, their acks
     * held back. Only the acks will arrive: the device's own notifies would confirm the messages
     * before them. Returns where each send callback records "text:code".
     */
    private List<String> sendBurstWithAcksHeld(Device device) {
        gateway.messaging.dropNotifies = true;
        gateway.messaging.holdSendAcks = true;
        List<String> sent = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= BURST; i++) {
            send(device.engine(), "t" + i, sent);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.messaging.sends.size() == BURST);
        return sent;
    }
}
