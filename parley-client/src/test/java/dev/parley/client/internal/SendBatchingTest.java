package dev.parley.client.internal;

import static dev.parley.client.internal.SessionFixture.ack;
import static dev.parley.client.internal.SessionFixture.fromBob;
import static dev.parley.client.internal.SessionFixture.notifyFrame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.ObjectNames;
import dev.parley.client.SentStatus;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sendMessage calls that reach the actor together with acks and live notifies are saved in the
 * same transaction as them; each send hears onMessageSaved after the commit and only then goes
 * out, everything in the order it reached the actor.
 */
class SendBatchingTest {
    @TempDir
    Path dir;
    private MessagingFixture s;

    @BeforeEach
    void open() throws Exception {
        s = new MessagingFixture(dir);
    }

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void sendsAcksAndNotifiesOfOneDrainAreOneTransactionToldAndSentInArrivalOrder() throws Exception {
        s.connect();
        s.send("a1");
        s.send("a2");
        s.runActor();
        s.told.clear();
        long before = s.store.commits();

        s.arrive(ack(s.sendFrame("a1"), "S1", 5_001));
        s.send("b1");
        s.arrive(notifyFrame(fromBob(1)));
        s.send("b2");
        s.arrive(ack(s.sendFrame("a2"), "S2", 5_002));
        s.send("b3");
        s.arrive(notifyFrame(fromBob(2)));
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.told).containsExactly("sent:a1:0", "saved:b1", "frame:b1", "received:U1", "saved:b2", "frame:b2",
                "sent:a2:0", "saved:b3", "frame:b3", "received:U2");
        assertThat(s.store.sending()).extracting(m -> MessagingFixture.text(m.getContent())).containsExactly("b1", "b2", "b3");
    }

    @Test
    void aBurstOfSendsIsOneTransactionAndEachIsSavedBeforeItsFrameGoesOutInCallOrder() throws Exception {
        s.connect();
        long before = s.store.commits();

        for (int i = 1; i <= 50; i++) {
            s.send("m" + i);
        }
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 50).forEach(i -> expected.addAll(List.of("saved:m" + i, "frame:m" + i)));
        assertThat(s.told).as("no frame:<text>:uncommitted").containsExactlyElementsOf(expected);
        assertThat(s.written.stream().filter(Frame::hasSend).map(f -> f.getSend().getClientMsgId()).toList())
                .containsExactlyElementsOf(s.store.sending().stream().map(Message::getClientMessageId).toList());
    }

    @Test
    void aFailedSharedTransactionFailsEverySendInItAndStoresAndSendsNothingOfIt() throws Exception {
        s.connect();
        s.send("a1");
        s.runActor();
        s.told.clear();
        int framesBefore = s.written.size();
        failInserts(true);

        s.arrive(ack(s.sendFrame("a1"), "S1", 5_001));
        s.send("b1");
        s.arrive(notifyFrame(fromBob(1)));
        s.send("b2");
        s.runActor();

        int dbError = ErrorCode.DATABASE_ERROR;
        // The ack is told as it says; its recording was in the failed transaction too.
        assertThat(s.told).containsExactly("sent:a1:0", "sent:b1:" + dbError, "sent:b2:" + dbError);
        assertThat(s.written).hasSize(framesBefore);
        assertThat(s.store.history(ConversationType.PRIVATE, "bob", -1, 10)).singleElement().satisfies(m -> {
            assertThat(MessagingFixture.text(m.getContent())).isEqualTo("a1");
            assertThat(m.getSentStatus()).as("the shared transaction held a1's ack").isEqualTo(SentStatus.SENDING);
        });
        assertThat(s.store.lastSeq()).isZero();

        failInserts(false);
        s.send("c1");
        s.runActor();
        assertThat(s.told).endsWith("saved:c1", "frame:c1");
    }

    @Test
    void sendsWhileNotConnectedAreSavedAndGoOutAfterTheOfflineSync() throws Exception {
        long before = s.store.commits();
        s.send("o1");
        s.send("o2");
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.told).containsExactly("saved:o1", "saved:o2");
        assertThat(s.written).isEmpty();

        s.connect();
        assertThat(s.told).containsExactly("saved:o1", "saved:o2", "frame:o1", "frame:o2");
    }

    @Test
    void typingAskedForAfterASendGoesOutAfterIt() {
        s.connect();

        s.send("m1");
        s.messaging.typing(s.store, ConversationType.PRIVATE, "bob", "RC:TxtMsg");
        s.runActor();

        assertThat(s.written.stream().filter(Frame::hasSend).map(f -> f.getSend().getObjectName()).toList())
                .containsExactly(ObjectNames.TEXT, ObjectNames.TYPING_STATUS);
    }

    /** A trigger makes every insert into messages fail, as a full disk would. */
    private void failInserts(boolean on) throws Exception {
        s.store.transaction(db -> {
            try (Statement st = db.createStatement()) {
                st.execute(on ? "CREATE TRIGGER fail_inserts BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disk full'); END"
                        : "DROP TRIGGER fail_inserts");
            }
            return null;
        });
    }
}
