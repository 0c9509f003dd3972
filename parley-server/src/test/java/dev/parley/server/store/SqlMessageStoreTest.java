package dev.parley.server.store;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/** Why: runs the {@link MessageStore} contract on the relational store (the SQLite file, same SQL as PostgreSQL). */
class SqlMessageStoreTest extends MessageStoreContract {
    private final Map<MessageStore, Database> databases = new IdentityHashMap<>();

    /** The database the store of {@code dir} lives in. */
    protected Database openDatabase(Path dir) {
        return Database.openEmbedded(dir);
    }

    @Override
    protected final MessageStore open(Path dir) {
        Database db = openDatabase(dir);
        MessageStore store = new SqlMessageStore(db);
        databases.put(store, db);
        return store;
    }

    @Override
    protected final void release(MessageStore store) {
        store.close();
        databases.remove(store).close();
    }

    @Override
    protected final int purge(MessageStore store, String appKey, long before, int chunk) {
        return ((SqlMessageStore) store).purge(appKey, before, chunk);
    }
}
