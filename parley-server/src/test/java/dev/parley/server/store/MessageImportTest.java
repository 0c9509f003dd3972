package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why: an upgraded node moves the messages its SQLite file holds into RocksDB once, at start; nothing may be
 * lost or doubled, the file must be emptied, and retention must still delete what was moved.
 */
class MessageImportTest {
    private static final String APP = "app1";
    private static final String OTHER_APP = "app2";
    private static final String CONV = "p:alice:bob";
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private Database db;
    private SqlMessageStore sql;
    private RocksMessageStore rocks;

    @BeforeEach
    void open() {
        db = Database.openEmbedded(dir.resolve("sqlite"));
        sql = new SqlMessageStore(db);
        rocks = RocksMessageStore.open(dir.resolve("messages"));
    }

    @AfterEach
    void close() {
        rocks.close();
        sql.close();
        db.close();
    }

    /** The (app, user) inboxes and (app, conversation) histories that {@link #fill} writes. */
    private static final List<List<String>> INBOXES = List.of(List.of(APP, "bob"), List.of(APP, "alice"),
            List.of(APP, "carol"), List.of(APP, "dave"), List.of(OTHER_APP, "bob"), List.of(OTHER_APP, "alice"));
    private static final List<List<String>> CONVERSATIONS = List.of(List.of(APP, CONV), List.of(APP, "g:team"),
            List.of(APP, "c:room"), List.of(OTHER_APP, CONV));

    /** Six messages: 1:1 to both sides, a group to three, another app, a recalled one, one with no inbox entry. */
    private List<StoredMessage> fill() {
        StoredMessage m1 = message(APP, "m1", "alice", "c1", CONV, T0 + 1, null, List.of());
        StoredMessage m2 = message(APP, "m2", "bob", "c1", CONV, T0 + 2, "push 😀", List.of("alice"));
        StoredMessage m3 = message(APP, "m3", "carol", "c3", "g:team", T0 + 3, null, List.of("bob", "alice"));
        StoredMessage m4 = message(OTHER_APP, "m1", "alice", "c1", CONV, T0 + 1, "p", List.of());
        StoredMessage m5 = message(APP, "m5", "alice", "c5", "g:team", T0 + 4, "to be recalled", List.of());
        StoredMessage m6 = message(APP, "m6", "eve", "c6", "c:room", T0 + 5, null, List.of());
        sql.write(w -> {
            w.insertIfNew(m1);
            w.appendInbox(APP, "m1", m1.sentTime(), List.of("bob", "alice"), new long[] {1, 1});
            w.insertIfNew(m2);
            w.appendInbox(APP, "m2", m2.sentTime(), List.of("alice", "bob"), new long[] {2, 2});
            return null;
        });
        sql.write(w -> {
            w.insertIfNew(m3);
            w.appendInbox(APP, "m3", m3.sentTime(), List.of("bob", "alice", "carol"), new long[] {3, 3, 1});
            w.insertIfNew(m4);
            w.appendInbox(OTHER_APP, "m1", m4.sentTime(), List.of("bob", "alice"), new long[] {1, 1});
            w.insertIfNew(m5);
            w.appendInbox(APP, "m5", m5.sentTime(), List.of("dave"), new long[] {1});
            w.insertIfNew(m6);
            return null;
        });
        sql.write(w -> {
            w.replace(APP, "m5", "RC:RcNtf", "recalled");
            return null;
        });
        return List.of(m1, m2, m3, m4, m5, m6);
    }

    @Test
    void copiesEveryMessageAndInboxEntryThenEmptiesTheSqliteStore() {
        List<StoredMessage> messages = fill();
        Snapshot before = Snapshot.of(sql, messages);
        assertThat(before.inboxes.get(List.of(APP, "bob"))).extracting(InboxRow::seq).containsExactly(1L, 2L, 3L);
        assertThat(before.found.get(4)).hasValueSatisfying(m -> assertThat(m.objectName()).isEqualTo("RC:RcNtf"));

        assertThat(MessageImport.run(sql, rocks)).isEqualTo(6);

        assertThat(Snapshot.of(rocks, messages)).isEqualTo(before);
        // Client ids came along: a retried send of an imported message is still a duplicate.
        assertThat(rocks.<Boolean>write(w -> w.insertIfNew(message(APP, "again", "bob", "c1", CONV, T0 + 9, null,
                List.of())))).isFalse();
        assertThat(rocks.<Optional<StoredMessage>>write(w -> w.findByClientId(APP, "bob", "c1")))
                .isEqualTo(before.found.get(1));

        assertThat(Snapshot.of(sql, messages)).isEqualTo(Snapshot.empty(messages));
        assertThat(sql.isEmpty()).isTrue();

        assertThat(MessageImport.run(sql, rocks)).isZero();
        assertThat(Snapshot.of(rocks, messages)).isEqualTo(before);
    }

    @Test
    void retentionStillDeletesImportedMessagesAndTheirInboxEntries() {
        List<StoredMessage> messages = fill();
        Snapshot before = Snapshot.of(sql, messages);
        MessageImport.run(sql, rocks);

        assertThat(rocks.purge(APP, T0 + 3, 1)).isEqualTo(2);

        assertThat(rocks.readInbox(APP, "bob", 0, 100)).containsExactlyElementsOf(
                before.inboxes.get(List.of(APP, "bob")).subList(2, 3));
        assertThat(rocks.readInbox(APP, "alice", 0, 100)).containsExactlyElementsOf(
                before.inboxes.get(List.of(APP, "alice")).subList(2, 3));
        assertThat(rocks.find(APP, "m1")).isEmpty();
        assertThat(rocks.find(APP, "m2")).isEmpty();
        assertThat(rocks.history(APP, CONV, Long.MAX_VALUE, 100)).isEmpty();
        assertThat(rocks.<Optional<StoredMessage>>write(w -> w.findByClientId(APP, "alice", "c1"))).isEmpty();

        assertThat(rocks.purge(APP, Long.MAX_VALUE, 2)).isEqualTo(3);

        for (List<String> inbox : INBOXES) {
            if (inbox.get(0).equals(APP)) {
                assertThat(rocks.readInbox(APP, inbox.get(1), 0, 100)).as("%s", inbox).isEmpty();
                List<InboxRow> had = before.inboxes.get(inbox);
                assertThat(rocks.maxSeq(APP, inbox.get(1))).as("%s keeps its last seq", inbox)
                        .isEqualTo(had.get(had.size() - 1).seq());
            }
        }
        assertThat(rocks.history(APP, "g:team", Long.MAX_VALUE, 100)).isEmpty();
        assertThat(rocks.history(APP, "c:room", Long.MAX_VALUE, 100)).isEmpty();
        // The other app's imported data is untouched.
        assertThat(rocks.readInbox(OTHER_APP, "bob", 0, 100)).isEqualTo(before.inboxes.get(List.of(OTHER_APP, "bob")));
        assertThat(rocks.readInbox(OTHER_APP, "alice", 0, 100))
                .isEqualTo(before.inboxes.get(List.of(OTHER_APP, "alice")));
        assertThat(rocks.purge(APP, Long.MAX_VALUE, 2)).isZero();
    }

    @Test
    void anImportCutShortAndRunAgainCopiesEverythingOnceAndStaysPurgeable() {
        List<StoredMessage> messages = fill();
        Snapshot before = Snapshot.of(sql, messages);
        // What a first run stopped after its first batches left behind.
        StoredMessage m1 = messages.get(0);
        rocks.write(w -> {
            w.insertIfNew(m1);
            w.appendInbox(APP, "m1", m1.sentTime(), List.of("alice", "bob"), new long[] {1, 1});
            return null;
        });

        MessageImport.run(sql, rocks);

        assertThat(Snapshot.of(rocks, messages)).isEqualTo(before);
        assertThat(rocks.purge(APP, T0 + 2, 10)).isEqualTo(1);
        assertThat(rocks.readInbox(APP, "bob", 0, 100)).extracting(InboxRow::seq).containsExactly(2L, 3L);
        assertThat(rocks.readInbox(APP, "alice", 0, 100)).extracting(InboxRow::seq).containsExactly(2L, 3L);
    }

    @Test
    void copiesMoreThanOnePage() {
        int count = 2_100;
        List<StoredMessage> messages = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String app = i % 3 == 0 ? OTHER_APP : APP;
            messages.add(message(app, String.format("u%05d", i), "alice", "c" + i, CONV, T0 + i, null, List.of()));
        }
        sql.write(w -> {
            long[] seqs = new long[2];
            for (StoredMessage m : messages) {
                int first = m.appKey().equals(APP) ? 0 : 1;
                seqs[first]++;
                w.insertIfNew(m);
                w.appendInbox(m.appKey(), m.messageUid(), m.sentTime(), List.of("bob", "alice"),
                        new long[] {seqs[first], seqs[first]});
            }
            return null;
        });
        Map<List<String>, List<InboxRow>> inboxes = new LinkedHashMap<>();
        for (String app : List.of(APP, OTHER_APP)) {
            for (String user : List.of("bob", "alice")) {
                inboxes.put(List.of(app, user), sql.readInbox(app, user, 0, Integer.MAX_VALUE));
            }
        }
        assertThat(inboxes.get(List.of(APP, "bob"))).hasSize(1_400);

        assertThat(MessageImport.run(sql, rocks)).isEqualTo(count);

        inboxes.forEach((key, rows) -> assertThat(rocks.readInbox(key.get(0), key.get(1), 0, Integer.MAX_VALUE))
                .as("%s", key).isEqualTo(rows));
        assertThat(rocks.history(APP, CONV, Long.MAX_VALUE, Integer.MAX_VALUE)).hasSize(1_400);
        assertThat(rocks.history(OTHER_APP, CONV, Long.MAX_VALUE, Integer.MAX_VALUE)).hasSize(700);
        assertThat(sql.isEmpty()).isTrue();
        assertThat(rocks.purge(APP, T0 + count + 1, 500)).isEqualTo(1_400);
        assertThat(rocks.readInbox(APP, "bob", 0, 10)).isEmpty();
        assertThat(rocks.readInbox(OTHER_APP, "bob", 0, Integer.MAX_VALUE)).hasSize(700);
    }

    @Test
    void theCopyIsSyncedToDiskBeforeTheSqliteRowsAreDeleted() {
        List<StoredMessage> messages = fill();
        Snapshot before = Snapshot.of(sql, messages);
        List<String> calls = new ArrayList<>();
        // Records what the import asks of the target, and whether the source still held its rows at the sync.
        MessageStore recording = new MessageStore() {
            @Override
            public <T> T write(WriteWork<T> work) {
                calls.add("write");
                return rocks.write(work);
            }

            @Override
            public void sync() {
                calls.add(sql.isEmpty() ? "sync after the delete" : "sync");
                rocks.sync();
            }

            @Override
            public long maxSeq(String appKey, String userId) {
                return rocks.maxSeq(appKey, userId);
            }

            @Override
            public List<InboxRow> readInbox(String appKey, String userId, long afterSeq, int limit) {
                return rocks.readInbox(appKey, userId, afterSeq, limit);
            }

            @Override
            public Optional<StoredMessage> find(String appKey, String messageUid) {
                return rocks.find(appKey, messageUid);
            }

            @Override
            public List<StoredMessage> history(String appKey, String conversationKey, long beforeTime, int limit) {
                return rocks.history(appKey, conversationKey, beforeTime, limit);
            }

            @Override
            public int purge(String appKey, long before) {
                return rocks.purge(appKey, before);
            }

            @Override
            public void close() {
            }
        };

        MessageImport.run(sql, recording);

        assertThat(calls).containsExactly("write", "write", "sync");
        assertThat(sql.isEmpty()).isTrue();
        assertThat(Snapshot.of(rocks, messages)).isEqualTo(before);
    }

    private static StoredMessage message(String app, String uid, String sender, String clientMsgId, String conversation,
                                         long sentTime, String push, List<String> mentioned) {
        return new StoredMessage(app, uid, sender, clientMsgId, 1, "target", conversation, "RC:TxtMsg",
                "content of " + uid + " é😀", push, 0, mentioned, sentTime);
    }

    /** Everything a store answers about the filled data, to compare stores by value. */
    private record Snapshot(Map<List<String>, List<InboxRow>> inboxes, Map<List<String>, Long> maxSeqs,
                            Map<List<String>, List<StoredMessage>> histories, List<Optional<StoredMessage>> found) {
        static Snapshot of(MessageStore store, List<StoredMessage> messages) {
            Map<List<String>, List<InboxRow>> inboxes = new LinkedHashMap<>();
            Map<List<String>, Long> maxSeqs = new LinkedHashMap<>();
            for (List<String> inbox : INBOXES) {
                inboxes.put(inbox, store.readInbox(inbox.get(0), inbox.get(1), 0, 100));
                maxSeqs.put(inbox, store.maxSeq(inbox.get(0), inbox.get(1)));
            }
            Map<List<String>, List<StoredMessage>> histories = new LinkedHashMap<>();
            for (List<String> conversation : CONVERSATIONS) {
                histories.put(conversation, store.history(conversation.get(0), conversation.get(1), Long.MAX_VALUE, 100));
            }
            List<Optional<StoredMessage>> found = new ArrayList<>();
            for (StoredMessage m : messages) {
                found.add(store.find(m.appKey(), m.messageUid()));
            }
            return new Snapshot(inboxes, maxSeqs, histories, found);
        }

        static Snapshot empty(List<StoredMessage> messages) {
            Map<List<String>, List<InboxRow>> inboxes = new LinkedHashMap<>();
            Map<List<String>, Long> maxSeqs = new LinkedHashMap<>();
            INBOXES.forEach(inbox -> {
                inboxes.put(inbox, List.of());
                maxSeqs.put(inbox, 0L);
            });
            Map<List<String>, List<StoredMessage>> histories = new LinkedHashMap<>();
            CONVERSATIONS.forEach(conversation -> histories.put(conversation, List.of()));
            List<Optional<StoredMessage>> found = new ArrayList<>();
            messages.forEach(m -> found.add(Optional.empty()));
            return new Snapshot(inboxes, maxSeqs, histories, found);
        }
    }
}
