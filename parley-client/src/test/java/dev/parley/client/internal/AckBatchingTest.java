package dev.parley.client.internal;

import static dev.parley.client.internal.SessionFixture.ack;
import static dev.parley.client.internal.SessionFixture.fromBob;
import static dev.parley.client.internal.SessionFixture.notifyFrame;
import static dev.parley.client.internal.SessionFixture.ownEntry;
import static dev.parley.client.internal.SessionFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.MessageDirection;
import dev.parley.client.ObjectNames;
import dev.parley.client.SentStatus;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Send acks that arrive while the actor is busy are recorded in one transaction (together with
 * live notifies around them), and each sender hears {@code onMessageSent} once, in arrival order.
 */
class AckBatchingTest {
    @TempDir
    Path dir;
    private SessionFixture s;

    @BeforeEach
    void connect() throws Exception {
        s = new SessionFixture(dir);
        s.connect();
    }

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void aBurstOfAcksIsOneTransactionAndEachSenderIsToldInOrder() throws Exception {
        for (int i = 1; i <= 20; i++) {
            s.send("t" + i);
        }
        long before = s.store.commits();

        for (int i = 1; i <= 20; i++) {
            s.arrive(ack(s.sendFrame("t" + i), "S" + i, 5_000 + i));
        }
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.told).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 20).mapToObj(i -> "sent:0:S" + i).toList());
        assertThat(s.store.sending()).isEmpty();
        assertThat(s.store.history(ConversationType.PRIVATE, "bob", -1, 50))
                .hasSize(20).allMatch(m -> m.getSentStatus() == SentStatus.SENT && m.getMessageUId().startsWith("S"));
    }

    @Test
    void anAckWhoseUidIsAlreadyStoredKeepsTheStoredRowInsideTheBatch() throws Exception {
        Message first = s.send("a");
        Message second = s.send("b");
        Message third = s.send("c");
        // The server's copy of "b" is already here as a row of its own (it came back without our
        // client id): recording its uid on the local row would break message_uid's uniqueness.
        Message copy = s.store.insertArrived(Message.builder().conversationType(ConversationType.PRIVATE).targetId("bob")
                .senderUserId(SessionFixture.ME).objectName(ObjectNames.TEXT).content("{\"content\":\"b\"}")
                .messageUId("S2").sentTime(6_000).direction(MessageDirection.SEND).sentStatus(SentStatus.SENT).build(), false);
        long before = s.store.commits();

        s.arrive(ack(s.sendFrame("a"), "S1", 5_001), ack(s.sendFrame("b"), "S2", 6_000), ack(s.sendFrame("c"), "S3", 7_000));
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.told).containsExactly("sent:0:S1", "sent:0:S2", "sent:0:S3");
        assertThat(s.store.byId(second.getMessageId())).as("the local row gave way").isNull();
        assertThat(s.store.byUid("S2").getMessageId()).isEqualTo(copy.getMessageId());
        assertThat(s.store.byId(first.getMessageId()).getMessageUId()).isEqualTo("S1");
        assertThat(s.store.byId(third.getMessageId()).getMessageUId()).isEqualTo("S3");
        assertThat(s.store.sending()).isEmpty();
        assertThat(s.store.history(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(3);
    }

    @Test
    void aRefusalInABurstMarksOnlyThatMessageFailed() throws Exception {
        s.send("a");
        Message refused = s.send("b");
        s.send("c");

        s.arrive(ack(s.sendFrame("a"), "S1", 5_001), refusal(s.sendFrame("b"), ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT),
                ack(s.sendFrame("c"), "S3", 7_000));
        s.runActor();

        assertThat(s.told).containsExactly("sent:0:S1", "sent:" + ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT + ":null", "sent:0:S3");
        assertThat(s.store.byId(refused.getMessageId()).getSentStatus()).isEqualTo(SentStatus.FAILED);
    }

    @Test
    void acksAndNotifiesOfOneBurstShareATransactionAndKeepTheirOrder() throws Exception {
        s.send("a");
        s.send("b");
        long before = s.store.commits();

        s.arrive(ack(s.sendFrame("a"), "S1", 5_001), notifyFrame(fromBob(1)), notifyFrame(fromBob(2)),
                ack(s.sendFrame("b"), "S2", 5_002), notifyFrame(fromBob(3)));
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.told).containsExactly("sent:0:S1", "received:U1:0:false:false", "received:U2:0:false:false",
                "sent:0:S2", "received:U3:0:false:false");
    }

    @Test
    void anOwnNotifyAheadOfItsAckInABurstTellsTheSenderOnceAtTheNotify() throws Exception {
        Message a = s.send("a");

        s.arrive(notifyFrame(ownEntry(1, "a", "S1", 5_001)), notifyFrame(fromBob(2)), ack(s.sendFrame("a"), "S1", 5_001));
        s.runActor();

        assertThat(s.told).containsExactly("sent:0:S1", "received:U2:0:false:false");
        assertThat(s.store.byId(a.getMessageId())).satisfies(m -> {
            assertThat(m.getMessageUId()).isEqualTo("S1");
            assertThat(m.getSentStatus()).isEqualTo(SentStatus.SENT);
        });
        assertThat(s.store.history(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(2);
    }

    @Test
    void anOwnNotifyBehindItsAckInABurstIsAbsorbed() throws Exception {
        Message a = s.send("a");

        s.arrive(ack(s.sendFrame("a"), "S1", 5_001), notifyFrame(ownEntry(1, "a", "S1", 5_001)), notifyFrame(fromBob(2)));
        s.runActor();

        assertThat(s.told).containsExactly("sent:0:S1", "received:U2:0:false:false");
        assertThat(s.store.byId(a.getMessageId()).getMessageUId()).isEqualTo("S1");
        assertThat(s.store.history(ConversationType.PRIVATE, "bob", -1, 10)).hasSize(2);
        assertThat(s.store.lastSeq()).isEqualTo(2);
    }

    @Test
    void theAcksOfASendAndItsResendInOneBurstTellTheSenderOnce() throws Exception {
        s.send("a");
        Frame first = s.sendFrame("a");
        // A new session sends every SENDING row again: the same message on a second request.
        s.outbox.start(s.written::add);
        Frame again = s.sendFrame("a");
        assertThat(again.getRequestId()).isNotEqualTo(first.getRequestId());

        s.arrive(ack(first, "S1", 5_001), ack(again, "S1", 5_001));
        s.runActor();

        assertThat(s.told).containsExactly("sent:0:S1");
    }
}
