package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

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

    private void store(String id) {
        long sentTime = System.currentTimeMillis();
        StoredMessage m = new StoredMessage(APP, APP + id, "alice", id, 1, "bob", "p:alice:bob", "RC:TxtMsg",
                "{}", null, 0, List.of(), sentTime);
        store.write(writes -> {
            writes.insertIfNew(m);
            writes.appendInbox(APP, m.messageUid(), sentTime, List.of("bob"),
                    new long[] {writes.maxSeq(APP, "bob") + 1});
            return null;
        });
    }
}
