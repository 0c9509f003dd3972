package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryResult;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.SyncResult;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.StoredMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MessagingService#sync} against real storage, with the in-memory inbox heads of a node that just started. */
class MessagingServiceSyncTest {
    private static final String APP = "app1";

    @TempDir
    Path dir;
    private MessageStore store;
    private InboxHeads heads;
    private MessagingService service;

    @BeforeEach
    void open() {
        store = RocksMessageStore.open(dir);
        heads = new InboxHeads();
        // Sync reads only the store and the heads.
        service = new MessagingService(store, null, null, null, heads, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aUserWithAnEmptyInboxGetsHead0AndTheHeadIsKnownAfterwards() {
        SyncResult r = service.sync(APP, "bob", 0, 0);

        assertThat(r.getMessagesCount()).isZero();
        assertThat(r.getMaxSeq()).isZero();
        assertThat(r.getHasMore()).isFalse();
        assertThat(service.syncFromMemory(APP, "bob", 0)).as("the next connect is answered from memory").isNotNull();
    }

    @Test
    void aDeviceUpToDateAfterARestartGetsTheHeadAndNoMessages() {
        store("m1");
        store("m2");

        SyncResult r = service.sync(APP, "bob", 2, 0);

        assertThat(r.getMessagesCount()).isZero();
        assertThat(r.getMaxSeq()).isEqualTo(2);
        assertThat(service.syncFromMemory(APP, "bob", 2)).isNotNull();
    }

    @Test
    void aDeviceBehindGetsWhatItMissedInOrder() {
        store("m1");
        store("m2");
        store("m3");

        SyncResult r = service.sync(APP, "bob", 1, 0);

        assertThat(r.getMessagesList()).extracting(InboxMessage::getSeq).containsExactly(2L, 3L);
        assertThat(r.getMaxSeq()).isEqualTo(3);
        assertThat(service.syncFromMemory(APP, "bob", 1)).as("there is something to read").isNull();
    }

    @Test
    void theHeadAnsweredIsNeverBelowTheLastEntryReturned() {
        store("m1");
        heads.learn(APP, "bob", 1);
        // Committed after the head was learned (here: without the writer publishing it).
        store("m2");

        SyncResult r = service.sync(APP, "bob", 0, 0);

        assertThat(r.getMessagesList()).extracting(InboxMessage::getSeq).containsExactly(1L, 2L);
        assertThat(r.getMaxSeq()).isEqualTo(2);
    }

    @Test
    void anEntryTooLargeForAPageComesAsAPlaceholderAndTheNextPageContinues() {
        store("m1");
        // Stored before sends were bounded: far more than a 256 KiB frame holds.
        StoredMessage poison = store("m2", 1, "{\"c\":\"" + "x".repeat(300 * 1024) + "\"}");
        store("m3");

        SyncResult first = service.sync(APP, "bob", 1, 1);
        InboxMessage placeholder = first.getMessages(0);
        SyncResult next = service.sync(APP, "bob", placeholder.getSeq(), 0);

        assertThat(Frame.newBuilder().setSyncResult(first).build().getSerializedSize()).isLessThan(1024);
        assertThat(first.getHasMore()).isTrue();
        assertThat(placeholder.getSeq()).isEqualTo(2);
        assertThat(placeholder.getObjectName()).isEqualTo(PageEntries.PLACEHOLDER);
        assertThat(placeholder.getContent()).startsWith("{\"reason\":\"tooLarge\",\"bytes\":3");
        assertThat(placeholder.getMessageUid()).isEqualTo(poison.messageUid());
        assertThat(placeholder.getSenderUserId()).isEqualTo("alice");
        assertThat(placeholder.getTargetId()).isEqualTo("alice");
        assertThat(placeholder.getConversationType()).isEqualTo(ConversationType.PRIVATE);
        assertThat(placeholder.getSentTime()).isEqualTo(poison.sentTime());
        assertThat(placeholder.getNotCounted()).isTrue();
        assertThat(next.getMessagesList()).extracting(InboxMessage::getSeq).containsExactly(3L);
        assertThat(service.sync(APP, "bob", 0, 0).getMessagesList()).as("a page of all three")
                .extracting(InboxMessage::getObjectName).containsExactly("RC:TxtMsg", PageEntries.PLACEHOLDER, "RC:TxtMsg");
    }

    @Test
    void anEntryThatCannotTakeShapeComesAsAPlaceholderWithItsSeq() {
        store("m1");
        // A conversation type this node does not know: the entry cannot be built.
        store("m2", 9, "{}");
        store("m3");

        SyncResult r = service.sync(APP, "bob", 0, 0);

        assertThat(r.getMessagesList()).extracting(InboxMessage::getSeq).containsExactly(1L, 2L, 3L);
        assertThat(r.getMessages(1).getObjectName()).isEqualTo(PageEntries.PLACEHOLDER);
        assertThat(r.getMessages(1).getContent()).isEqualTo("{\"reason\":\"unreadable\"}");
        assertThat(r.getMessages(1).getConversationTypeValue()).isEqualTo(9);
        assertThat(r.getMessages(1).getMessageUid()).isEqualTo(APP + "m2");
    }

    @Test
    void historyCarriesAPlaceholderForAnEntryTooLargeForAPage() {
        store("m1");
        store("m2", 1, "{\"c\":\"" + "x".repeat(300 * 1024) + "\"}");

        HistoryResult r = service.history(APP, "bob", ConversationType.PRIVATE, "alice", 0, 0);

        assertThat(r.getMessagesList()).extracting(InboxMessage::getObjectName)
                .containsExactly(PageEntries.PLACEHOLDER, "RC:TxtMsg");
        assertThat(r.getMessages(0).getMessageUid()).isEqualTo(APP + "m2");
        assertThat(Frame.newBuilder().setHistoryResult(r).build().getSerializedSize()).isLessThan(1024);
    }

    private StoredMessage store(String id) {
        return store(id, 1, "{}");
    }

    private StoredMessage store(String id, int type, String content) {
        // Distinct, increasing times: history orders by them.
        long sentTime = System.currentTimeMillis() + Long.parseLong(id.substring(1));
        StoredMessage m = new StoredMessage(APP, APP + id, "alice", id, type, "bob", "p:alice:bob", "RC:TxtMsg",
                content, null, 0, List.of(), sentTime);
        store.write(writes -> {
            writes.insertIfNew(m);
            writes.appendInbox(APP, m.messageUid(), sentTime, List.of("bob"),
                    new long[] {writes.maxSeq(APP, "bob") + 1});
            return null;
        });
        return m;
    }
}
