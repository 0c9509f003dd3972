package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

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
    void reservingSeqsIsRefusedTheEmbeddedNodeNumbersItsInboxesItself() {
        assertThatThrownBy(() -> store.write(w -> w.reserveSeqs(List.of(new InboxKey(APP, "bob")), new int[] {1})))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void byDefaultEveryBatchIsFsyncedBeforeWriteReturns() {
        assertThat(((RocksMessageStore) store).durability()).isEqualTo(Durability.FSYNC);
        try (Statistics stats = new Statistics();
             RocksMessageStore synced = RocksMessageStore.open(dir.resolve("synced"), Durability.FSYNC, stats)) {
            for (int i = 1; i <= 5; i++) {
                StoredMessage m = message(APP, "s" + i, T0 + i);
                synced.write(w -> {
                    w.insertIfNew(m);
                    w.appendInbox(APP, m.messageUid(), m.sentTime(), List.of("bob", "alice"), new long[] {1, 1});
                    return null;
                });
                assertThat(stats.getTickerCount(TickerType.WAL_FILE_SYNCED)).as("log fsyncs after batch %d", i)
                        .isEqualTo(i);
            }
        }
    }

    @Test
    void atOsDurabilityNoBatchIsFsyncedUntilSyncIsCalled() {
        try (Statistics stats = new Statistics();
             RocksMessageStore unsynced = RocksMessageStore.open(dir.resolve("os"), Durability.OS, stats)) {
            assertThat(unsynced.durability()).isEqualTo(Durability.OS);
            for (int i = 1; i <= 5; i++) {
                StoredMessage m = message(APP, "o" + i, T0 + i);
                unsynced.write(w -> w.insertIfNew(m));
            }
            assertThat(stats.getTickerCount(TickerType.WAL_FILE_SYNCED)).isZero();

            unsynced.sync();

            assertThat(stats.getTickerCount(TickerType.WAL_FILE_SYNCED)).isPositive();
        }
    }
}
