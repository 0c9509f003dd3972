package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.Database;
import dev.parley.server.store.InboxRow;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoreConflictException;
import dev.parley.server.store.StoredMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why: with several nodes writing one PostgreSQL, the database may abort a batch to break a
 * deadlock with another node's (two retried sends inserted in opposite orders). Such a batch is
 * run again, up to four times, and only then do its sends fail.
 */
class MessageWriterConflictRetryTest {
    @TempDir
    Path dir;
    private Database db;
    private Delivery delivery;
    private MessageWriter writer;
    private SqlMessageStore stored;
    /** How many of the next batches the database aborts. */
    private final AtomicInteger aborts = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    @BeforeEach
    void open() {
        db = Database.openEmbedded(dir);
        stored = new SqlMessageStore(db);
        delivery = new Delivery(new SessionRegistry());
        writer = new MessageWriter(new AbortingStore(stored), delivery, InboxHeads.disabled(),
                new SimpleMeterRegistry(), Duration.ZERO, () -> { }, SeqMode.SHARED);
    }

    @AfterEach
    void close() {
        writer.close();
        delivery.close();
        db.close();
    }

    @Test
    void aBatchAbortedForAConcurrentOneIsRunAgainAndStoredOnce() throws Exception {
        aborts.set(4);

        SendCommand.Stored s = send("c1").get(10, TimeUnit.SECONDS);

        assertThat(attempts).hasValue(5);
        assertThat(s.seqs()).containsExactly(1, 1);
        assertThat(stored.readInbox("app", "bob", 0, 10)).extracting(InboxRow::seq).containsExactly(1L);
    }

    @Test
    void aBatchAbortedEveryTimeFailsItsSendsWithoutStoringAnything() {
        aborts.set(Integer.MAX_VALUE);

        CompletableFuture<SendCommand.Stored> failed = send("c1");

        assertThat(failed).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StoreConflictException.class);
        assertThat(attempts).hasValue(5);
        assertThat(stored.readInbox("app", "bob", 0, 10)).isEmpty();
    }

    private CompletableFuture<SendCommand.Stored> send(String clientMsgId) {
        long now = System.currentTimeMillis();
        StoredMessage m = new StoredMessage("app", MessageUids.random(now), "alice", clientMsgId, 1, "bob",
                "p:alice:bob", "RC:TxtMsg", "{}", null, 0, List.of(), now);
        CompletableFuture<SendCommand.Stored> done = new CompletableFuture<>();
        assertThat(writer.submit(new SendCommand(m, List.of("bob", "alice"), null, null, done))).isTrue();
        return done;
    }

    /** The store, but the database aborts the batch (after doing its work) while {@code aborts} lasts. */
    private final class AbortingStore implements MessageStore {
        private final MessageStore store;

        AbortingStore(MessageStore store) {
            this.store = store;
        }

        @Override
        public <T> T write(WriteWork<T> work) {
            return store.write(w -> {
                attempts.incrementAndGet();
                T result = work.run(w);
                if (aborts.getAndDecrement() > 0) {
                    throw new StoreConflictException("deadlock detected", null);
                }
                return result;
            });
        }

        @Override
        public void sync() {
            store.sync();
        }

        @Override
        public long maxSeq(String appKey, String userId) {
            return store.maxSeq(appKey, userId);
        }

        @Override
        public List<InboxRow> readInbox(String appKey, String userId, long afterSeq, int limit) {
            return store.readInbox(appKey, userId, afterSeq, limit);
        }

        @Override
        public Optional<StoredMessage> find(String appKey, String messageUid) {
            return store.find(appKey, messageUid);
        }

        @Override
        public List<StoredMessage> history(String appKey, String conversationKey, long beforeTime, int limit) {
            return store.history(appKey, conversationKey, beforeTime, limit);
        }

        @Override
        public int purge(String appKey, long before) {
            return store.purge(appKey, before);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
