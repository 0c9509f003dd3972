package dev.parley.client.internal;

import static dev.parley.client.internal.SessionFixture.fromBob;
import static dev.parley.client.internal.SessionFixture.live;
import static dev.parley.client.internal.SessionFixture.notifyFrame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ConversationType;
import dev.parley.client.ObjectNames;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live notifies that arrive while the actor is busy are applied in one transaction, and the
 * app hears each exactly as if it had been applied alone.
 */
class LiveNotifyBatchingTest {
    @TempDir
    Path dir;
    private SessionFixture s;

    @BeforeEach
    void connect() throws Exception {
        s = new SessionFixture(dir);
        s.connect();
        s.told.clear();
    }

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void aBurstOfNotifiesIsOneTransactionAndEachMessageIsToldAloneInOrder() throws Exception {
        long before = s.store.commits();

        s.arrive(notifies(1, 50));
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.told).containsExactlyElementsOf(live(1, 50));
        assertThat(s.store.lastSeq()).isEqualTo(50);
        assertThat(s.store.unreadCount(ConversationType.PRIVATE, "bob")).isEqualTo(50);
    }

    @Test
    void aLoneNotifyIsCommittedWhenTheActorIsNextIdle() throws Exception {
        long before = s.store.commits();

        s.arrive(notifyFrame(fromBob(1)));
        s.runActor();
        s.arrive(notifyFrame(fromBob(2)));
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(2);
        assertThat(s.told).containsExactlyElementsOf(live(1, 2));
    }

    @Test
    void aBurstLongerThanASyncPageIsCommittedInPagesOf200() throws Exception {
        long before = s.store.commits();

        s.arrive(notifies(1, 450));
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(3);
        assertThat(s.told).containsExactlyElementsOf(live(1, 450));
        assertThat(s.store.lastSeq()).isEqualTo(450);
    }

    @Test
    void repeatedAndStaleNotifiesInABurstAreIgnored() throws Exception {
        s.arrive(notifyFrame(fromBob(1)), notifyFrame(fromBob(2)), notifyFrame(fromBob(2)), notifyFrame(fromBob(1)), notifyFrame(fromBob(3)));
        s.runActor();

        assertThat(s.told).containsExactlyElementsOf(live(1, 3));
        assertThat(s.syncRequests()).hasSize(1);
    }

    @Test
    void aGapInABurstCommitsWhatCameBeforeItThenSyncsFromThere() throws Exception {
        long before = s.store.commits();

        // 6 and 7 were lost on the way; 9 comes in while the gap is being synced.
        s.arrive(notifies(1, 5));
        s.arrive(notifyFrame(fromBob(8)), notifyFrame(fromBob(9)));
        s.runActor();

        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.store.lastSeq()).isEqualTo(5);
        assertThat(s.lastSync().getSync().getAfterSeq()).isEqualTo(5);
        assertThat(s.told).containsExactlyElementsOf(live(1, 5));

        s.answerSync(entries(6, 9), false);
        s.runActor();

        List<String> expected = new ArrayList<>(live(1, 5));
        expected.addAll(List.of("received:U6:3:true:false", "received:U7:2:true:false",
                "received:U8:1:true:false", "received:U9:0:true:false"));
        assertThat(s.told).containsExactlyElementsOf(expected);
        assertThat(s.store.lastSeq()).isEqualTo(9);
        assertThat(s.syncRequests()).as("the sync reached 9: no further sync").hasSize(2);
    }

    @Test
    void aBurstDuringASyncIsOnlyRememberedAndSyncedAfterwards() throws Exception {
        s.arrive(notifyFrame(fromBob(2)));
        s.runActor();
        assertThat(s.lastSync().getSync().getAfterSeq()).isZero();

        // While that sync is out, 3..5 are announced live; its answer only reaches 2.
        s.arrive(notifies(3, 5));
        s.runActor();
        assertThat(s.told).isEmpty();
        assertThat(s.store.lastSeq()).isZero();

        s.answerSync(entries(1, 2), false);
        s.runActor();
        assertThat(s.lastSync().getSync().getAfterSeq()).isEqualTo(2);
        s.answerSync(entries(3, 5), false);
        s.runActor();
        long before = s.store.commits();
        s.arrive(notifies(6, 8));
        s.runActor();

        assertThat(s.told).containsExactly(
                "received:U1:1:true:false", "received:U2:0:true:false",
                "received:U3:2:true:false", "received:U4:1:true:false", "received:U5:0:true:false",
                "received:U6:0:false:false", "received:U7:0:false:false", "received:U8:0:false:false");
        assertThat(s.store.commits() - before).isEqualTo(1);
        assertThat(s.store.lastSeq()).isEqualTo(8);
    }

    @Test
    void aStatusOnlyNotifyKeepsItsPlaceAmongQueuedMessages() {
        InboxMessage typing = InboxMessage.newBuilder().setSeq(0)
                .setConversationType(dev.parley.protocol.wire.ConversationType.PRIVATE).setTargetId("bob")
                .setSenderUserId("bob").setObjectName(ObjectNames.TYPING_STATUS)
                .setContent("{\"typingContentType\":\"RC:TxtMsg\"}").build();

        s.arrive(notifyFrame(fromBob(1)), notifyFrame(fromBob(2)), notifyFrame(typing), notifyFrame(fromBob(3)));
        s.runActor();

        assertThat(s.told).containsExactly("received:U1:0:false:false", "received:U2:0:false:false", "typing",
                "received:U3:0:false:false");
    }

    @Test
    void endingTheSessionCommitsWhatIsQueued() throws Exception {
        s.arrive(notifies(1, 3));
        s.runActor();
        // Queued again, but the session ends before the actor gets to the commit.
        for (long seq = 4; seq <= 6; seq++) {
            s.sync.onNotify(fromBob(seq));
        }

        s.sync.stop();

        assertThat(s.store.lastSeq()).isEqualTo(6);
        assertThat(s.told).containsExactlyElementsOf(live(1, 6));
        s.runActor();
        assertThat(s.told).hasSize(6);
    }

    @Test
    void aFailedCommitTellsNothingKeepsTheCursorAndTheNextNotifySyncs() throws Exception {
        s.arrive(notifies(1, 3));
        s.actor.execute(() -> s.commits.add(new GroupCommit.Write() {
            @Override
            public void write() throws SQLException {
                throw new SQLException("disk I/O error");
            }

            @Override
            public void committed() {
            }

            @Override
            public void failed(Exception e) {
            }
        }));
        s.runActor();

        assertThat(s.told).isEmpty();
        assertThat(s.store.lastSeq()).isZero();
        assertThat(s.store.history(ConversationType.PRIVATE, "bob", -1, 10)).isEmpty();

        s.arrive(notifyFrame(fromBob(4)));
        s.runActor();
        assertThat(s.lastSync().getSync().getAfterSeq()).isZero();
        s.answerSync(entries(1, 4), false);
        s.runActor();
        assertThat(s.told).containsExactly("received:U1:3:true:false", "received:U2:2:true:false",
                "received:U3:1:true:false", "received:U4:0:true:false");
    }

    private static Frame[] notifies(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(seq -> notifyFrame(fromBob(seq))).toArray(Frame[]::new);
    }

    private static List<InboxMessage> entries(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(SessionFixture::fromBob).toList();
    }
}
