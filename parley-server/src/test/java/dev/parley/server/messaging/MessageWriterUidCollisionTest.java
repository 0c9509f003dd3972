package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.Database;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoredMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Why: a node whose clock stepped back, having drawn the node id of the process before it, makes uids that are
 * already stored. The writer must store the new message under another uid, never in place of the stored one, and
 * a retried send must still get its original uid.
 */
class MessageWriterUidCollisionTest {
    private static final String APP = "app";
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private Database db;
    private MessageStore store;
    private Delivery delivery;
    private MessageWriter writer;
    /** What the writer gets when it asks for another uid, in order. */
    private final Deque<String> freshUids = new ArrayDeque<>();

    private void open(String kind) {
        db = Database.openEmbedded(dir);
        store = kind.equals("rocksdb") ? RocksMessageStore.open(dir.resolve("messages")) : new SqlMessageStore(db);
        delivery = new Delivery(new SessionRegistry());
        writer = new MessageWriter(store, delivery, new InboxHeads(), new SimpleMeterRegistry(), Duration.ZERO,
                () -> { }, sentTime -> freshUids.removeFirst());
    }

    @AfterEach
    void close() {
        writer.close();
        delivery.close();
        store.close();
        db.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "sqlite"})
    void aSendWhoseUidIsTakenIsStoredUnderAnotherAndTheStoredMessageIsUntouched(String kind) throws Exception {
        open(kind);
        StoredMessage earlier = message("U1", "alice", "c-earlier", "what alice said");
        assertThat(send(earlier).message()).isEqualTo(earlier);
        // The first uid drawn is taken too; the second is free.
        freshUids.addAll(List.of("U1", "U2"));

        SendCommand.Stored stored = send(message("U1", "bob", "c-later", "what bob said"));

        assertThat(stored.duplicate()).isFalse();
        assertThat(stored.message().messageUid()).isEqualTo("U2");
        assertThat(stored.message().content()).contains("what bob said");
        assertThat(freshUids).isEmpty();
        assertThat(store.find(APP, "U1")).contains(earlier);
        assertThat(store.find(APP, "U2")).contains(stored.message());
        assertThat(store.readInbox(APP, "carol", 0, 10)).extracting(r -> r.message().messageUid())
                .containsExactly("U1", "U2");

        // Retries of bob's send, whatever uid they drew, get the uid it was stored under.
        SendCommand.Stored retry = send(message("U1", "bob", "c-later", "what bob said"));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.message().messageUid()).isEqualTo("U2");
        assertThat(send(message("U9", "bob", "c-later", "what bob said")).message().messageUid()).isEqualTo("U2");
        assertThat(store.readInbox(APP, "carol", 0, 10)).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "sqlite"})
    void aSendThatFindsNoFreeUidFailsAloneAndOverwritesNothing(String kind) throws Exception {
        open(kind);
        StoredMessage earlier = message("U1", "alice", "c-earlier", "what alice said");
        send(earlier);
        for (int i = 0; i < 100; i++) {
            freshUids.add("U1");
        }

        CompletableFuture<SendCommand.Stored> doomed = submit(message("U1", "bob", "c-later", "what bob said"));

        assertThat(doomed).failsWithin(10, TimeUnit.SECONDS);
        assertThat(store.find(APP, "U1")).contains(earlier);
        assertThat(store.readInbox(APP, "carol", 0, 10)).hasSize(1);
        assertThat(send(message("U3", "bob", "c-other", "next")).message().messageUid()).isEqualTo("U3");
    }

    private static StoredMessage message(String uid, String sender, String clientMsgId, String text) {
        return new StoredMessage(APP, uid, sender, clientMsgId, 1, "carol", "1:" + sender + ":carol", "RC:TxtMsg",
                "{\"content\":\"" + text + "\"}", null, 0, List.of(), T0);
    }

    private CompletableFuture<SendCommand.Stored> submit(StoredMessage m) {
        CompletableFuture<SendCommand.Stored> done = new CompletableFuture<>();
        assertThat(writer.submit(new SendCommand(m, List.of("carol", m.senderId()), null, null, done))).isTrue();
        return done;
    }

    private SendCommand.Stored send(StoredMessage m) throws Exception {
        return submit(m).get(10, TimeUnit.SECONDS);
    }
}
