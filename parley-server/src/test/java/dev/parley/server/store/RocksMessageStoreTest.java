package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Why: runs the {@link MessageStore} contract on the embedded node's RocksDB store. */
class RocksMessageStoreTest extends MessageStoreContract {
    @Override
    protected MessageStore open(Path dir) {
        return RocksMessageStore.open(dir);
    }

    @Override
    protected void release(MessageStore store) {
        store.close();
    }

    @Override
    protected int purge(MessageStore store, String appKey, long before, int chunk) {
        return ((RocksMessageStore) store).purge(appKey, before, chunk);
    }

    @Test
    void aClosedStoreFailsEveryCallInsteadOfTouchingFreedMemory() {
        send(message(APP, "u1", T0), List.of("bob"), 1);
        store.close();

        assertThatThrownBy(() -> store.readInbox(APP, "bob", 0, 10)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.maxSeq(APP, "bob")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.find(APP, "u1")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.history(APP, CONV, Long.MAX_VALUE, 10)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.write(w -> w.insertIfNew(message(APP, "u2", T0))))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.purge(APP, Long.MAX_VALUE)).isInstanceOf(StoreException.class);
    }

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
}
