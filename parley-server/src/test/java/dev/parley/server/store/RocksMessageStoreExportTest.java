package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.store.RocksMessageStore.ExportedInboxEntry;
import dev.parley.server.store.RocksMessageStore.ExportedInboxHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only passes {@code parley migrate} copies the message store with: everything, once, in pages. */
class RocksMessageStoreExportTest {
    @TempDir
    Path dir;

    private static StoredMessage message(String app, String uid, String sender, String target, long sentTime) {
        return new StoredMessage(app, uid, sender, "c-" + uid, 1, target, sender + "|" + target, "RC:TxtMsg",
                "{\"content\":\"" + uid + "\"}", null, 0, List.of(), sentTime);
    }

    /** Two apps; ids of varied lengths (and one with a multi-byte character) so that keys decode by their lengths. */
    private RocksMessageStore storeWithFiveMessages() {
        RocksMessageStore store = RocksMessageStore.open(dir);
        store.write(w -> {
            w.insertIfNew(message("app1", "u1", "alice", "bob", 100));
            w.appendInbox("app1", "u1", 100, List.of("bob", "alice"), new long[] {1, 1});
            w.insertIfNew(message("app1", "u2", "alice", "bob", 200));
            w.appendInbox("app1", "u2", 200, List.of("bob", "alice"), new long[] {2, 2});
            w.insertIfNew(message("app1", "u3", "dave", "erin-é", 50));
            w.appendInbox("app1", "u3", 50, List.of("erin-é"), new long[] {1});
            w.insertIfNew(message("app1", "u4", "dave", "erin-é", 60));
            w.appendInbox("app1", "u4", 60, List.of("erin-é"), new long[] {2});
            w.insertIfNew(message("a2", "u9", "zed", "yuri", 300));
            w.appendInbox("a2", "u9", 300, List.of("yuri"), new long[] {7});
            return null;
        });
        return store;
    }

    @Test
    void exportsEveryMessageOnceInPagesOfTheGivenSize() {
        try (RocksMessageStore store = storeWithFiveMessages()) {
            List<List<StoredMessage>> pages = new ArrayList<>();
            store.exportMessages(2, pages::add);

            assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
            assertThat(pages.stream().flatMap(List::stream)).extracting(StoredMessage::messageUid)
                    .containsExactlyInAnyOrder("u1", "u2", "u3", "u4", "u9");
            assertThat(pages.stream().flatMap(List::stream)).contains(message("app1", "u3", "dave", "erin-é", 50));
        }
    }

    @Test
    void exportsEveryInboxEntryWithItsSeqAndItsMessagesSentTime() {
        try (RocksMessageStore store = storeWithFiveMessages()) {
            List<ExportedInboxEntry> entries = new ArrayList<>();
            store.exportInbox(3, page -> {
                assertThat(page.size()).isLessThanOrEqualTo(3);
                entries.addAll(page);
            });

            assertThat(entries).as("bob 2, alice 2, erin 2, yuri 1").hasSize(7).allMatch(ExportedInboxEntry::hasMessage)
                    .contains(new ExportedInboxEntry("app1", "erin-é", 2, "u4", 60),
                            new ExportedInboxEntry("a2", "yuri", 7, "u9", 300),
                            new ExportedInboxEntry("app1", "alice", 2, "u2", 200));
        }
    }

    @Test
    void exportsEachUsersLastSeqIncludingUsersWhoseEntriesRetentionDeleted() {
        try (RocksMessageStore store = storeWithFiveMessages()) {
            assertThat(store.purge("app1", 61)).as("erin's two").isEqualTo(2);
            List<ExportedInboxHead> heads = new ArrayList<>();
            store.exportInboxHeads(2, heads::addAll);

            assertThat(heads).containsExactlyInAnyOrder(new ExportedInboxHead("app1", "alice", 2),
                    new ExportedInboxHead("app1", "bob", 2), new ExportedInboxHead("app1", "erin-é", 2),
                    new ExportedInboxHead("a2", "yuri", 7));
        }
    }

    @Test
    void aUserWithAKeptHeadAndNewerEntriesIsExportedOnceAtTheNewest() {
        try (RocksMessageStore store = storeWithFiveMessages()) {
            // erin's entries purged (head 2), then erin gets entry 3.
            store.purge("app1", 61);
            store.write(w -> {
                w.insertIfNew(message("app1", "u5", "dave", "erin-é", 400));
                w.appendInbox("app1", "u5", 400, List.of("erin-é"), new long[] {3});
                return null;
            });
            List<ExportedInboxHead> heads = new ArrayList<>();
            store.exportInboxHeads(100, heads::addAll);

            assertThat(heads).filteredOn(h -> h.userId().equals("erin-é"))
                    .containsExactly(new ExportedInboxHead("app1", "erin-é", 3));
            assertThat(heads).hasSize(4);
        }
    }

    @Test
    void aKeptHeadAboveTheUsersRemainingEntriesWins() {
        try (RocksMessageStore store = RocksMessageStore.open(dir)) {
            // A clock stepped back: seq 2 was sent "before" seq 1, and retention deletes only seq 2.
            store.write(w -> {
                w.insertIfNew(message("app1", "u1", "alice", "bob", 500));
                w.appendInbox("app1", "u1", 500, List.of("bob"), new long[] {1});
                w.insertIfNew(message("app1", "u2", "alice", "bob", 50));
                w.appendInbox("app1", "u2", 50, List.of("bob"), new long[] {2});
                return null;
            });
            store.purge("app1", 100);
            List<ExportedInboxHead> heads = new ArrayList<>();
            store.exportInboxHeads(100, heads::addAll);

            // (maxSeq answers 1 here: it reads the head only once a user has no entries left.)
            assertThat(heads).containsExactly(new ExportedInboxHead("app1", "bob", 2));
        }
    }
}
