package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why: the node runs on either {@link MessageStore} and {@link MessageImport} moves data from one to the other,
 * so both implementations must behave exactly alike; every test here runs against each of them.
 */
abstract class MessageStoreContract {
    static final String APP = "app1";
    static final String OTHER_APP = "app2";
    static final String CONV = "p:alice:bob";
    /** A realistic epoch-millisecond time. */
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    MessageStore store;

    /** Opens (creating if needed) a store whose files are in {@code dir}. */
    protected abstract MessageStore open(Path dir);

    /** Closes {@code store} and whatever {@link #open} opened beneath it, so that its dir can be opened again. */
    protected abstract void release(MessageStore store);

    /** The implementation's package-private {@code purge(appKey, before, chunk)}. */
    protected abstract int purge(MessageStore store, String appKey, long before, int chunk);

    @BeforeEach
    void openStore() {
        store = open(dir);
    }

    @AfterEach
    void releaseStore() {
        if (store != null) {
            release(store);
            store = null;
        }
    }

    /** A restart: closes the store and opens the same directory again. */
    void reopen() {
        release(store);
        store = null;
        store = open(dir);
    }

    // ---------------------------------------------------------------- idempotent inserts

    @Test
    void insertIfNewStoresOncePerAppSenderAndClientIdAcrossBatches() {
        StoredMessage first = message(APP, "u1", "alice", "c1", CONV, T0);
        StoredMessage retry = message(APP, "u2", "alice", "c1", CONV, T0 + 1);

        assertThat(insert(first)).isTrue();
        assertThat(insert(retry)).isFalse();

        assertThat(store.find(APP, "u1")).contains(first);
        assertThat(store.find(APP, "u2")).isEmpty();
        assertThat(byClientId(APP, "alice", "c1")).contains(first);
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(first);

        // The same client id of another sender, or of the same sender in another app, is another message.
        StoredMessage otherSender = message(APP, "u3", "carol", "c1", CONV, T0 + 2);
        StoredMessage otherApp = message(OTHER_APP, "u1", "alice", "c1", CONV, T0 + 3);
        assertThat(insert(otherSender)).isTrue();
        assertThat(insert(otherApp)).isTrue();
        assertThat(store.<List<Optional<StoredMessage>>>write(w -> List.of(w.findByClientId(APP, "alice", "c1"), w.findByClientId(APP, "carol", "c1"),
                w.findByClientId(OTHER_APP, "alice", "c1"), w.findByClientId(APP, "alice", "c2"),
                w.findByClientId(APP, "alic", "c1"))))
                .containsExactly(Optional.of(first), Optional.of(otherSender), Optional.of(otherApp), Optional.empty(),
                        Optional.empty());
        assertThat(store.find(OTHER_APP, "u1")).contains(otherApp);
        assertThat(store.find(APP, "u1")).contains(first);
    }

    @Test
    void insertIfNewWithinOneBatchSeesTheBatchsOwnInserts() {
        StoredMessage first = message(APP, "u1", "alice", "c1", CONV, T0);
        StoredMessage retry = message(APP, "u2", "alice", "c1", CONV, T0 + 1);

        List<Object> seen = store.write(w -> {
            List<Object> out = new ArrayList<>();
            out.add(w.findByClientId(APP, "alice", "c1"));
            out.add(w.insertIfNew(first));
            out.add(w.findByClientId(APP, "alice", "c1"));
            out.add(w.insertIfNew(retry));
            out.add(w.findByClientId(APP, "alice", "c1"));
            return out;
        });

        assertThat(seen).containsExactly(Optional.empty(), true, Optional.of(first), false, Optional.of(first));
        assertThat(store.find(APP, "u1")).contains(first);
        assertThat(store.find(APP, "u2")).isEmpty();
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(first);
        assertThat(insert(retry)).isFalse();
    }

    @Test
    void insertIfNewNeverOverwritesAMessageStoredUnderTheSameUid() {
        StoredMessage first = message(APP, "u1", "alice", "c1", CONV, T0);
        // Another message (another client id, another sender) that drew the same uid: a clock
        // stepped back under a node with the same node id.
        StoredMessage clash = message(APP, "u1", "bob", "c2", CONV, T0 + 1);
        assertThat(insert(first)).isTrue();

        assertThat(insert(clash)).isFalse();

        assertThat(store.find(APP, "u1")).contains(first);
        assertThat(byClientId(APP, "bob", "c2")).as("the refused message left no client id").isEmpty();
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(first);
        // The uid of another app is another uid.
        assertThat(insert(message(OTHER_APP, "u1", "bob", "c2", CONV, T0 + 1))).isTrue();
    }

    @Test
    void insertIfNewRefusesAUidTakenEarlierInTheSameBatch() {
        StoredMessage first = message(APP, "u1", "alice", "c1", CONV, T0);
        StoredMessage clash = message(APP, "u1", "alice", "c2", CONV, T0);

        List<Object> seen = store.write(w -> List.of(w.insertIfNew(first), w.insertIfNew(clash),
                w.findByClientId(APP, "alice", "c2")));

        assertThat(seen).containsExactly(true, false, Optional.empty());
        assertThat(store.find(APP, "u1")).contains(first);
    }

    @Test
    void mentionsRoundTripAsAListWhateverTheyHold() {
        List<String> mentions = List.of("bob,carol", "dave", "", ",", "quote\"back\\slash", "[\"x\"]", "ünï😀",
                "tab\tnew\nline");
        StoredMessage m = new StoredMessage(APP, "r1", "alice", "c-r1", 3, "group-1", "g:group-1", "RC:TxtMsg",
                "{}", null, 0, mentions, T0);
        send(m, List.of("bob"), 1);

        assertThat(store.find(APP, "r1").orElseThrow().mentioned()).containsExactlyElementsOf(mentions);
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(1, m));
        reopen();
        assertThat(store.find(APP, "r1")).contains(m);
    }

    // ---------------------------------------------------------------- inbox

    @Test
    void readInboxIsInSeqOrderAfterSeqExclusiveAndHonoursLimit() {
        List<StoredMessage> m = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            m.add(message(APP, "u" + i, T0 + i));
        }
        // Appended out of seq order, over several batches.
        store.write(w -> {
            w.insertIfNew(m.get(2));
            w.appendInbox(APP, "u3", T0 + 3, List.of("bob"), new long[] {3});
            return null;
        });
        store.write(w -> {
            w.insertIfNew(m.get(1));
            w.insertIfNew(m.get(0));
            w.appendInbox(APP, "u2", T0 + 2, List.of("bob"), new long[] {2});
            w.appendInbox(APP, "u1", T0 + 1, List.of("bob"), new long[] {1});
            return null;
        });
        send(m.get(3), List.of("bob"), 4);
        send(m.get(4), List.of("bob"), 5);

        assertThat(store.readInbox(APP, "bob", 0, 100)).containsExactly(row(1, m.get(0)), row(2, m.get(1)),
                row(3, m.get(2)), row(4, m.get(3)), row(5, m.get(4)));
        assertThat(store.readInbox(APP, "bob", 2, 100)).containsExactly(row(3, m.get(2)), row(4, m.get(3)),
                row(5, m.get(4)));
        assertThat(store.readInbox(APP, "bob", 1, 2)).containsExactly(row(2, m.get(1)), row(3, m.get(2)));
        assertThat(store.readInbox(APP, "bob", 0, 1)).containsExactly(row(1, m.get(0)));
        assertThat(store.readInbox(APP, "bob", 4, 100)).containsExactly(row(5, m.get(4)));
        assertThat(store.readInbox(APP, "bob", 5, 100)).isEmpty();
        assertThat(store.readInbox(APP, "bob", 0, 0)).isEmpty();
    }

    @Test
    void readInboxWithSparseSeqsStartsStrictlyAfterTheGivenSeq() {
        StoredMessage a = message(APP, "a", T0 + 1);
        StoredMessage b = message(APP, "b", T0 + 2);
        StoredMessage c = message(APP, "c", T0 + 3);
        send(a, List.of("bob"), 10);
        send(b, List.of("bob"), 20);
        send(c, List.of("bob"), 30);

        assertThat(store.readInbox(APP, "bob", 15, 100)).containsExactly(row(20, b), row(30, c));
        assertThat(store.readInbox(APP, "bob", 20, 100)).containsExactly(row(30, c));
        assertThat(store.readInbox(APP, "bob", 9, 1)).containsExactly(row(10, a));
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(30);
    }

    @Test
    void inboxesAreIsolatedByUserAndByApp() {
        StoredMessage toBob1 = message(APP, "m1", T0 + 1);
        StoredMessage toBob2 = message(APP, "m2", T0 + 2);
        StoredMessage toBob2User = message(APP, "m3", T0 + 3);
        StoredMessage toBo = message(APP, "m4", T0 + 4);
        StoredMessage otherAppBob = message(OTHER_APP, "m1", "zed", "c-other", "p:bob:zed", T0 + 5);
        send(toBob1, List.of("bob", "alice"), 1, 1);
        send(toBob2, List.of("bob"), 2);
        send(toBob2User, List.of("bob2"), 1);
        send(toBo, List.of("bo"), 7);
        send(otherAppBob, List.of("bob"), 1);

        assertThat(store.readInbox(APP, "bob", 0, 100)).containsExactly(row(1, toBob1), row(2, toBob2));
        assertThat(store.readInbox(APP, "alice", 0, 100)).containsExactly(row(1, toBob1));
        assertThat(store.readInbox(APP, "bob2", 0, 100)).containsExactly(row(1, toBob2User));
        assertThat(store.readInbox(APP, "bo", 0, 100)).containsExactly(row(7, toBo));
        assertThat(store.readInbox(APP, "b", 0, 100)).isEmpty();
        assertThat(store.readInbox(APP, "carol", 0, 100)).isEmpty();
        assertThat(store.readInbox(OTHER_APP, "bob", 0, 100)).containsExactly(row(1, otherAppBob));
        assertThat(store.readInbox(OTHER_APP, "alice", 0, 100)).isEmpty();
        assertThat(store.readInbox("app", "bob", 0, 100)).isEmpty();

        assertThat(store.maxSeq(APP, "bob")).isEqualTo(2);
        assertThat(store.maxSeq(APP, "bob2")).isEqualTo(1);
        assertThat(store.maxSeq(APP, "bo")).isEqualTo(7);
        assertThat(store.maxSeq(APP, "b")).isZero();
        assertThat(store.maxSeq(OTHER_APP, "bob")).isEqualTo(1);
        assertThat(store.maxSeq(OTHER_APP, "bob2")).isZero();
    }

    @Test
    void idsThatRunIntoEachOtherDoNotMix() {
        // (app "a", user "bc") and (app "ab", user "c") concatenate to the same characters.
        StoredMessage inA = message("a", "x1", "s", "c1", "k", T0 + 1);
        StoredMessage inAb = message("ab", "x1", "s", "c1", "k", T0 + 2);
        send(inA, List.of("bc"), 1);
        send(inAb, List.of("c"), 5);

        assertThat(store.readInbox("a", "bc", 0, 10)).containsExactly(row(1, inA));
        assertThat(store.readInbox("ab", "c", 0, 10)).containsExactly(row(5, inAb));
        assertThat(store.readInbox("a", "b", 0, 10)).isEmpty();
        assertThat(store.readInbox("ab", "bc", 0, 10)).isEmpty();
        assertThat(store.maxSeq("a", "bc")).isEqualTo(1);
        assertThat(store.maxSeq("ab", "c")).isEqualTo(5);
        assertThat(store.find("a", "x1")).contains(inA);
        assertThat(store.find("ab", "x1")).contains(inAb);
        assertThat(store.history("a", "k", Long.MAX_VALUE, 10)).containsExactly(inA);
        assertThat(store.history("ab", "k", Long.MAX_VALUE, 10)).containsExactly(inAb);
    }

    @Test
    void maxSeqIsZeroForAnUnknownUserAndTheHighestCommittedSeqOtherwise() {
        assertThat(store.maxSeq(APP, "nobody")).isZero();
        send(message(APP, "u1", T0 + 1), List.of("bob"), 1);
        send(message(APP, "u2", T0 + 2), List.of("bob"), 2);
        send(message(APP, "u3", T0 + 3), List.of("bob"), 7);
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(7);

        StoredMessage next = message(APP, "u4", T0 + 4);
        List<Long> seen = store.write(w -> {
            long before = w.maxSeq(APP, "bob");
            long newUserBefore = w.maxSeq(APP, "newbie");
            w.insertIfNew(next);
            w.appendInbox(APP, "u4", T0 + 4, List.of("bob", "newbie"), new long[] {8, 1});
            return List.of(before, newUserBefore, w.maxSeq(APP, "bob"), w.maxSeq(APP, "newbie"));
        });

        assertThat(seen).containsExactly(7L, 0L, 7L, 0L);
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(8);
        assertThat(store.maxSeq(APP, "newbie")).isEqualTo(1);
        assertThat(store.maxSeq(APP, "nobody")).isZero();
    }

    // ---------------------------------------------------------------- fields

    @Test
    void everyFieldRoundTrips() {
        String big = "0123456789abcdéf€😀".repeat(6_000);
        List<StoredMessage> all = List.of(
                new StoredMessage(APP, "r1", "alice", "c-r1", 1, "bob", CONV, "RC:TxtMsg", "{\"content\":\"hi\"}", null,
                        0, List.of(), T0 + 1),
                new StoredMessage(APP, "r2", "alice", "c-r2", 3, "group-1", "g:group-1", "RC:TxtMsg",
                        "héllo 世界 😀🎉 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 ∑ \t\n\"quotes\"",
                        "push: 新消息 😀", StoredMessage.NOT_COUNTED, List.of("bob", "carol", "dave"), T0 + 2),
                new StoredMessage(APP, "r3", "alice", "c-r3", 2, "bob", CONV, "RC:ImgMsg", big, "",
                        StoredMessage.NOT_PERSISTED | StoredMessage.NOT_COUNTED, List.of("bob"), T0 + 3),
                new StoredMessage(APP, "r4", "ælice", "c-ünïcödé-😀", 4, "chatroom", "c:chatroom", "App:Custom", "",
                        null, Integer.MAX_VALUE, List.of("ñ", "😀"), T0 + 4));
        long seq = 0;
        for (StoredMessage m : all) {
            send(m, List.of("bob"), ++seq);
        }

        assertThat(big.length()).isGreaterThan(100_000);
        for (StoredMessage m : all) {
            assertThat(store.find(APP, m.messageUid())).contains(m);
            assertThat(byClientId(APP, m.senderId(), m.clientMsgId())).contains(m);
            assertThat(store.history(APP, m.conversationKey(), Long.MAX_VALUE, 10)).contains(m);
        }
        assertThat(store.readInbox(APP, "bob", 0, 10)).extracting(InboxRow::message).containsExactlyElementsOf(all);
        assertThat(store.find(APP, "r2").orElseThrow().notCounted()).isTrue();
        assertThat(store.find(APP, "r2").orElseThrow().notPersisted()).isFalse();
        assertThat(store.find(APP, "r3").orElseThrow().notPersisted()).isTrue();
    }

    // ---------------------------------------------------------------- history

    @Test
    void historyIsNewestFirstStrictlyBeforeTheTimeTiesByUidDescending() {
        StoredMessage h1 = message(APP, "h1", "alice", "c1", CONV, T0 + 1);
        StoredMessage h2 = message(APP, "h2", "bob", "c2", CONV, T0 + 2);
        StoredMessage h2b = message(APP, "h2b", "alice", "c3", CONV, T0 + 2);
        StoredMessage h2a = message(APP, "h2a", "alice", "c4", CONV, T0 + 2);
        StoredMessage h3 = message(APP, "h3", "bob", "c5", CONV, T0 + 3);
        StoredMessage h5 = message(APP, "h5", "alice", "c6", CONV, T0 + 5);
        StoredMessage otherConv = message(APP, "x", "alice", "c7", "p:alice:carol", T0 + 2);
        StoredMessage prefixConv = message(APP, "y", "alice", "c8", "p:alice:bo", T0 + 2);
        StoredMessage otherApp = message(OTHER_APP, "z", "alice", "c9", CONV, T0 + 2);
        // Stored in an order that is neither time nor uid order, partly in one batch.
        store.write(w -> {
            for (StoredMessage m : List.of(h3, h2a, h5, h1)) {
                w.insertIfNew(m);
            }
            return null;
        });
        for (StoredMessage m : List.of(h2b, otherConv, h2, prefixConv, otherApp)) {
            store.write(w -> w.insertIfNew(m));
        }

        assertThat(store.history(APP, CONV, T0 + 5, 10)).containsExactly(h3, h2b, h2a, h2, h1);
        assertThat(store.history(APP, CONV, T0 + 6, 10)).containsExactly(h5, h3, h2b, h2a, h2, h1);
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(h5, h3, h2b, h2a, h2, h1);
        assertThat(store.history(APP, CONV, T0 + 5, 2)).containsExactly(h3, h2b);
        assertThat(store.history(APP, CONV, T0 + 3, 2)).containsExactly(h2b, h2a);
        assertThat(store.history(APP, CONV, T0 + 2, 10)).containsExactly(h1);
        assertThat(store.history(APP, CONV, T0 + 1, 10)).isEmpty();
        assertThat(store.history(APP, CONV, T0 + 5, 0)).isEmpty();
        assertThat(store.history(APP, "p:alice:carol", Long.MAX_VALUE, 10)).containsExactly(otherConv);
        assertThat(store.history(APP, "p:alice:bo", Long.MAX_VALUE, 10)).containsExactly(prefixConv);
        assertThat(store.history(APP, "p:alice:b", Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.history(OTHER_APP, CONV, Long.MAX_VALUE, 10)).containsExactly(otherApp);
    }

    // ---------------------------------------------------------------- replace

    @Test
    void replaceSwapsTypeAndContentClearsPushContentAndKeepsTheRest() {
        StoredMessage m = new StoredMessage(APP, "r1", "alice", "c1", 1, "bob", CONV, "RC:TxtMsg", "secret",
                "push text", StoredMessage.NOT_COUNTED, List.of("bob", "carol"), T0 + 1);
        StoredMessage other = message(APP, "r2", T0 + 2);
        send(m, List.of("bob", "alice"), 1, 1);
        send(other, List.of("bob"), 2);

        store.write(w -> {
            w.replace(APP, "r1", "RC:RcNtf", "{\"recalled\":true}");
            w.replace(APP, "missing", "RC:RcNtf", "x");
            w.replace(OTHER_APP, "r2", "RC:RcNtf", "x");
            return null;
        });

        StoredMessage recalled = new StoredMessage(APP, "r1", "alice", "c1", 1, "bob", CONV, "RC:RcNtf",
                "{\"recalled\":true}", null, StoredMessage.NOT_COUNTED, List.of("bob", "carol"), T0 + 1);
        assertThat(store.find(APP, "r1")).contains(recalled);
        assertThat(store.find(APP, "r2")).contains(other);
        assertThat(store.find(APP, "missing")).isEmpty();
        assertThat(store.find(OTHER_APP, "r2")).isEmpty();
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(1, recalled), row(2, other));
        assertThat(store.readInbox(APP, "alice", 0, 10)).containsExactly(row(1, recalled));
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(other, recalled);
        assertThat(byClientId(APP, "alice", "c1")).contains(recalled);
    }

    @Test
    void replaceSeesAMessageWrittenEarlierInTheSameBatch() {
        StoredMessage m = new StoredMessage(APP, "r1", "alice", "c1", 1, "bob", CONV, "RC:TxtMsg", "secret",
                "push text", 0, List.of(), T0 + 1);

        StoredMessage seenInBatch = store.write(w -> {
            w.insertIfNew(m);
            w.appendInbox(APP, "r1", T0 + 1, List.of("bob"), new long[] {1});
            w.replace(APP, "r1", "RC:RcNtf", "gone");
            return w.findByClientId(APP, "alice", "c1").orElseThrow();
        });

        StoredMessage recalled = new StoredMessage(APP, "r1", "alice", "c1", 1, "bob", CONV, "RC:RcNtf", "gone", null,
                0, List.of(), T0 + 1);
        assertThat(seenInBatch).isEqualTo(recalled);
        assertThat(store.find(APP, "r1")).contains(recalled);
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(1, recalled));
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(recalled);
    }

    // ---------------------------------------------------------------- atomicity

    @Test
    void aFailingBatchLeavesNothingVisible() {
        StoredMessage kept = message(APP, "k1", "alice", "ck", CONV, T0 + 1);
        send(kept, List.of("bob"), 1);
        StoredMessage doomed = message(APP, "d1", "alice", "cd", CONV, T0 + 2);
        RuntimeException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.write(w -> {
            assertThat(w.insertIfNew(doomed)).isTrue();
            w.appendInbox(APP, "d1", T0 + 2, List.of("bob", "alice"), new long[] {2, 1});
            w.replace(APP, "k1", "RC:RcNtf", "recalled");
            assertThat(w.findByClientId(APP, "alice", "cd")).contains(doomed);
            throw boom;
        })).isSameAs(boom);

        assertNothingOf(doomed, kept);

        // A checked exception discards the batch as well.
        Exception checked = new java.io.IOException("checked boom");
        assertThatThrownBy(() -> store.write(w -> {
            w.insertIfNew(doomed);
            w.appendInbox(APP, "d1", T0 + 2, List.of("bob", "alice"), new long[] {2, 1});
            w.replace(APP, "k1", "RC:RcNtf", "recalled");
            throw checked;
        })).isInstanceOf(StoreException.class).hasCauseReference(checked);

        assertNothingOf(doomed, kept);

        // The client id was never taken: the retried send is stored.
        send(doomed, List.of("bob", "alice"), 2, 1);
        assertThat(store.find(APP, "d1")).contains(doomed);
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(1, kept), row(2, doomed));
        assertThat(store.readInbox(APP, "alice", 0, 10)).containsExactly(row(1, doomed));
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(doomed, kept);
    }

    private void assertNothingOf(StoredMessage doomed, StoredMessage kept) {
        assertThat(store.find(APP, doomed.messageUid())).isEmpty();
        assertThat(store.find(APP, kept.messageUid())).contains(kept);
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(1, kept));
        assertThat(store.readInbox(APP, "alice", 0, 10)).isEmpty();
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(1);
        assertThat(store.maxSeq(APP, "alice")).isZero();
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(kept);
        assertThat(byClientId(APP, "alice", "cd")).isEmpty();
    }

    // ---------------------------------------------------------------- retention

    @Test
    void purgeDeletesExactlyTheAppsOlderMessagesWithTheirInboxHistoryAndClientIds() {
        long cutoff = T0;
        List<StoredMessage> old = new ArrayList<>();
        long seq = 0;
        for (int i = 0; i < 5; i++) {
            StoredMessage m = message(APP, "old" + i, "alice", "c-old" + i, CONV, cutoff - 10_000 + i * 1_000);
            old.add(m);
            seq++;
            send(m, List.of("bob", "alice"), seq, seq);
        }
        // An old group message whose second recipient got its entry in a later batch.
        StoredMessage oldGroup = message(APP, "old-g", "carol", "c-old-g", "g:team", cutoff - 500);
        send(oldGroup, List.of("bob"), 6);
        store.write(w -> {
            w.appendInbox(APP, "old-g", cutoff - 500, List.of("dave"), new long[] {1});
            return null;
        });
        StoredMessage atCutoff = message(APP, "at", "alice", "c-at", CONV, cutoff);
        StoredMessage newer = message(APP, "new", "alice", "c-new", CONV, cutoff + 1_000);
        send(atCutoff, List.of("bob", "alice"), 7, 6);
        send(newer, List.of("bob", "alice", "dave"), 8, 7, 2);
        StoredMessage otherOld = message(OTHER_APP, "old0", "alice", "c-old0", CONV, cutoff - 10_000);
        send(otherOld, List.of("bob"), 1);

        assertThat(purge(store, APP, cutoff, 2)).isEqualTo(6);

        assertThat(store.readInbox(APP, "bob", 0, 100)).containsExactly(row(7, atCutoff), row(8, newer));
        assertThat(store.readInbox(APP, "alice", 0, 100)).containsExactly(row(6, atCutoff), row(7, newer));
        assertThat(store.readInbox(APP, "dave", 0, 100)).containsExactly(row(2, newer));
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 100)).containsExactly(newer, atCutoff);
        assertThat(store.history(APP, "g:team", Long.MAX_VALUE, 100)).isEmpty();
        for (StoredMessage m : old) {
            assertThat(store.find(APP, m.messageUid())).isEmpty();
        }
        assertThat(store.find(APP, "old-g")).isEmpty();
        assertThat(store.find(APP, "at")).contains(atCutoff);
        assertThat(store.find(APP, "new")).contains(newer);
        assertThat(byClientId(APP, "alice", "c-old0")).isEmpty();

        // The other app is untouched.
        assertThat(store.find(OTHER_APP, "old0")).contains(otherOld);
        assertThat(store.readInbox(OTHER_APP, "bob", 0, 100)).containsExactly(row(1, otherOld));
        assertThat(store.history(OTHER_APP, CONV, Long.MAX_VALUE, 100)).containsExactly(otherOld);

        // Purged client ids are free again, kept ones are not.
        StoredMessage reused = message(APP, "reused", "alice", "c-old0", CONV, cutoff + 2_000);
        assertThat(insert(reused)).isTrue();
        assertThat(insert(message(APP, "dup", "alice", "c-new", CONV, cutoff + 3_000)))
                .isFalse();
        assertThat(byClientId(APP, "alice", "c-old0")).contains(reused);

        assertThat(purge(store, APP, cutoff, 2)).isZero();
        assertThat(store.readInbox(APP, "bob", 0, 100)).containsExactly(row(7, atCutoff), row(8, newer));
        assertThat(store.find(OTHER_APP, "old0")).contains(otherOld);
    }

    /**
     * Sent times and a cutoff whose big-endian bytes first differ where one is below 0x80 and the other
     * not (100 = 0x64 and 200 = 0xC8 against 250 = 0xFA): compared as the keys are sorted, unsigned.
     */
    @Test
    void purgeCutoffIsNumericWhateverTheBytesOfTheTimes() {
        StoredMessage at100 = message(APP, "a", "alice", "c-a", CONV, 100);
        StoredMessage at200 = message(APP, "b", "alice", "c-b", CONV, 200);
        StoredMessage at300 = message(APP, "c", "alice", "c-c", CONV, 300);
        send(at100, List.of("bob"), 1);
        send(at200, List.of("bob"), 2);
        send(at300, List.of("bob"), 3);

        assertThat(purge(store, APP, 250, 10)).as("messages at 100 and 200 purged before 250").isEqualTo(2);
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(3, at300));
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(at300);
    }

    /**
     * Realistic epoch times: the fifth byte of the millisecond time goes from 0x7F to 0x80 once every
     * 2^32 ms (about 50 days); a week-old message before that point and a cutoff after it.
     */
    @Test
    void purgeWorksWhenTheCutoffHasJustCrossedA0x80ByteBoundary() {
        long cutoff = 0x0000_0199_8000_0000L;
        StoredMessage weekOld = message(APP, "w", "alice", "c-w", CONV, cutoff - 7 * 86_400_000L);
        StoredMessage hourOld = message(APP, "h", "alice", "c-h", CONV, cutoff - 3_600_000L);
        StoredMessage fresh = message(APP, "f", "alice", "c-f", CONV, cutoff + 60_000);
        send(weekOld, List.of("bob"), 1);
        send(hourOld, List.of("bob"), 2);
        send(fresh, List.of("bob"), 3);

        assertThat(purge(store, APP, cutoff, 10)).as("week-old and hour-old messages purged").isEqualTo(2);
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(3, fresh));
        assertThat(store.find(APP, "w")).isEmpty();
        assertThat(store.find(APP, "h")).isEmpty();
    }

    /**
     * App keys of the same length whose first differing character is ASCII in one and not in the other
     * ("ab" and "é" are both two UTF-8 bytes; "aa" sorts before both).
     */
    @Test
    void purgeNeverTouchesAnotherAppWhateverTheCharactersOfItsKey() {
        StoredMessage inAb = message("ab", "m1", "alice", "c1", CONV, T0 - 1_000);
        StoredMessage inAccented = message("é", "m2", "alice", "c2", CONV, T0 - 1_000);
        StoredMessage inAa = message("aa", "m3", "alice", "c3", CONV, T0 - 1_000);
        send(inAb, List.of("bob"), 1);
        send(inAccented, List.of("bob"), 1);
        send(inAa, List.of("bob"), 1);

        assertThat(purge(store, "ab", T0, 10)).isEqualTo(1);

        assertThat(store.readInbox("ab", "bob", 0, 10)).isEmpty();
        assertThat(store.find("é", "m2")).contains(inAccented);
        assertThat(store.readInbox("é", "bob", 0, 10)).as("inbox of app é").containsExactly(row(1, inAccented));
        assertThat(store.readInbox("aa", "bob", 0, 10)).as("inbox of app aa").containsExactly(row(1, inAa));
        // Its own retention still finds it.
        assertThat(purge(store, "é", T0, 10)).isEqualTo(1);
        assertThat(store.readInbox("é", "bob", 0, 10)).isEmpty();
        assertThat(store.find("é", "m2")).isEmpty();
        assertThat(store.readInbox("aa", "bob", 0, 10)).containsExactly(row(1, inAa));
    }

    // ---------------------------------------------------------------- find

    @Test
    void aUsersSeqNeverRestartsAfterRetentionDeletedTheirWholeInbox() {
        send(message(APP, "u1", T0), List.of("bob", "alice"), 56, 3);
        send(message(APP, "u2", T0 + 1), List.of("bob"), 57);
        send(message(APP, "u3", T0 + 10_000), List.of("alice"), 4);

        assertThat(purge(store, APP, T0 + 5_000, 1)).isEqualTo(2);
        reopen();

        assertThat(store.readInbox(APP, "bob", 0, 10)).isEmpty();
        assertThat(store.maxSeq(APP, "bob")).as("bob's last seq, his entries gone").isEqualTo(57);
        assertThat(store.maxSeq(APP, "alice")).as("alice still has entry 4").isEqualTo(4);
        long inBatch = store.write(w -> w.maxSeq(APP, "bob"));
        assertThat(inBatch).as("as the writer sees it").isEqualTo(57);

        send(message(APP, "u4", T0 + 20_000), List.of("bob"), 58);
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(58);
        assertThat(store.readInbox(APP, "bob", 57, 10)).extracting(InboxRow::seq).containsExactly(58L);
    }

    @Test
    void findReturnsTheStoredMessageOrNothing() {
        StoredMessage m = message(APP, "f1", T0);
        send(m, List.of("bob"), 1);

        assertThat(store.find(APP, "f1")).contains(m);
        assertThat(store.find(APP, "f2")).isEmpty();
        assertThat(store.find(APP, "f")).isEmpty();
        assertThat(store.find(APP, "f10")).isEmpty();
        assertThat(store.find(OTHER_APP, "f1")).isEmpty();
    }

    // ---------------------------------------------------------------- durability

    @Test
    void everythingCommittedIsReadableAfterReopeningTheSameDirectory() {
        StoredMessage a = new StoredMessage(APP, "d1", "alice", "c1", 1, "bob", CONV, "RC:TxtMsg", "héllo 😀",
                "push", 0, List.of("bob"), T0 + 1);
        StoredMessage b = message(APP, "d2", "bob", "c2", CONV, T0 + 2);
        StoredMessage c = message(OTHER_APP, "d1", "zed", "c1", CONV, T0 + 3);
        send(a, List.of("bob", "alice"), 1, 1);
        send(b, List.of("bob", "alice"), 2, 2);
        send(c, List.of("bob"), 1);
        store.write(w -> {
            w.replace(APP, "d2", "RC:RcNtf", "recalled");
            return null;
        });
        StoredMessage bRecalled = new StoredMessage(APP, "d2", "bob", "c2", 1, "target", CONV, "RC:RcNtf", "recalled",
                null, 0, List.of(), T0 + 2);

        reopen();

        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(1, a), row(2, bRecalled));
        assertThat(store.readInbox(APP, "alice", 0, 10)).containsExactly(row(1, a), row(2, bRecalled));
        assertThat(store.readInbox(OTHER_APP, "bob", 0, 10)).containsExactly(row(1, c));
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(2);
        assertThat(store.maxSeq(OTHER_APP, "bob")).isEqualTo(1);
        assertThat(store.find(APP, "d1")).contains(a);
        assertThat(store.find(OTHER_APP, "d1")).contains(c);
        assertThat(store.history(APP, CONV, Long.MAX_VALUE, 10)).containsExactly(bRecalled, a);
        assertThat(insert(message(APP, "d3", "alice", "c1", CONV, T0 + 4))).isFalse();
        assertThat(byClientId(APP, "alice", "c1")).contains(a);

        // Retention still finds what was written before the restart.
        assertThat(purge(store, APP, T0 + 2, 1)).isEqualTo(1);
        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(2, bRecalled));

        reopen();

        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(2, bRecalled));
        assertThat(store.find(APP, "d1")).isEmpty();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void aReaderNeverSeesAGapWhileBatchesCommit() throws Exception {
        int batches = 400;
        int perBatch = 4;
        int total = batches * perBatch;
        CountDownLatch readerStarted = new CountDownLatch(1);
        AtomicBoolean writerDone = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = threads.submit(() -> {
                readerStarted.await();
                long[] seq = {0};
                try {
                    for (int b = 0; b < batches; b++) {
                        store.write(w -> {
                            for (int i = 0; i < perBatch; i++) {
                                long s = ++seq[0];
                                StoredMessage m = message(APP, "m" + s, "alice", "c" + s, CONV, T0 + s);
                                w.insertIfNew(m);
                                w.appendInbox(APP, m.messageUid(), m.sentTime(), List.of("bob"), new long[] {s});
                            }
                            return null;
                        });
                    }
                } finally {
                    writerDone.set(true);
                }
                return null;
            });
            Future<Integer> reader = threads.submit(() -> {
                readerStarted.countDown();
                long last = 0;
                int reads = 0;
                while (true) {
                    boolean finished = writerDone.get();
                    List<InboxRow> rows = store.readInbox(APP, "bob", last, 7);
                    for (InboxRow r : rows) {
                        assertThat(r.seq()).as("seq after %d", last).isEqualTo(last + 1);
                        assertThat(r.message().messageUid()).isEqualTo("m" + r.seq());
                        last = r.seq();
                    }
                    if (++reads % 10 == 0) {
                        List<InboxRow> everything = store.readInbox(APP, "bob", 0, Integer.MAX_VALUE);
                        assertThat(everything).extracting(InboxRow::seq).containsExactlyElementsOf(
                                LongStream.rangeClosed(1, everything.size()).boxed().toList());
                    }
                    if (finished && rows.isEmpty()) {
                        return (int) last;
                    }
                }
            });
            writer.get(30, TimeUnit.SECONDS);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(total);
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(total);
    }

    // ---------------------------------------------------------------- helpers

    static StoredMessage message(String app, String uid, long sentTime) {
        return message(app, uid, "alice", "c-" + uid, CONV, sentTime);
    }

    static StoredMessage message(String app, String uid, String sender, String clientMsgId, String conversation,
                                 long sentTime) {
        return new StoredMessage(app, uid, sender, clientMsgId, 1, "target", conversation, "RC:TxtMsg",
                "content of " + uid, null, 0, List.of(), sentTime);
    }

    /** Stores {@code m} alone in a batch; true if it was new. */
    boolean insert(StoredMessage m) {
        return store.write(w -> w.insertIfNew(m));
    }

    /** What a batch finds under that client id. */
    Optional<StoredMessage> byClientId(String appKey, String senderId, String clientMsgId) {
        return store.write(w -> w.findByClientId(appKey, senderId, clientMsgId));
    }

    static InboxRow row(long seq, StoredMessage m) {
        return new InboxRow(seq, m);
    }

    /** Stores {@code m} and gives each of {@code users} an inbox entry, {@code seqs[i]} being the i-th user's. */
    void send(StoredMessage m, List<String> users, long... seqs) {
        assertThat(seqs).hasSameSizeAs(users);
        store.write(w -> {
            assertThat(w.insertIfNew(m)).as("stored %s", m.messageUid()).isTrue();
            w.appendInbox(m.appKey(), m.messageUid(), m.sentTime(), users, seqs);
            return null;
        });
    }
}
