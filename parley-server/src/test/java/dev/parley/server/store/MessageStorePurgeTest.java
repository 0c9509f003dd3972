package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.auth.AppAdmin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStorePurgeTest {
    @TempDir
    Path dir;

    @Test
    void purgesEverythingOldInChunksAndKeepsTheRest() {
        try (Database db = Database.openEmbedded(dir)) {
            String app = new AppAdmin(SecretsAtRest.open(db, dir, Map.of()), Clock.systemUTC(), () -> { }).create("purge").appKey();
            SqlMessageStore store = new SqlMessageStore(db);
            for (int i = 1; i <= 25; i++) {
                store(store, app, "old-" + i, i, 1_000 + i);
            }
            store(store, app, "new", 26, 5_000);

            assertThat(store.purge(app, 2_000, 10)).isEqualTo(25);

            assertThat(store.readInbox(app, "bob", 0, 100)).extracting(r -> r.message().clientMsgId())
                    .containsExactly("new");
            assertThat(store.readInbox(app, "alice", 0, 100)).extracting(r -> r.message().clientMsgId())
                    .containsExactly("new");
            assertThat(store.purge(app, 2_000, 10)).isZero();
        }
    }

    private static void store(MessageStore store, String app, String id, long seq, long sentTime) {
        StoredMessage m = new StoredMessage(app, "uid-" + id, "alice", id, 1, "bob", "p:alice:bob", "RC:TxtMsg", "{}",
                null, 0, List.of(), sentTime);
        store.write(writes -> {
            writes.insertIfNew(m);
            writes.appendInbox(app, m.messageUid(), sentTime, List.of("bob", "alice"), new long[] {seq, seq});
            return null;
        });
    }
}
