package dev.parley.server.store;

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
}
