package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Why: runs the {@link MessageStore} contract on the relational store (the SQLite file, same SQL as PostgreSQL). */
class SqlMessageStoreTest extends MessageStoreContract {
    private final Map<MessageStore, Database> databases = new IdentityHashMap<>();

    /** The database the store of {@code dir} lives in. */
    protected Database openDatabase(Path dir) {
        return Database.openEmbedded(dir);
    }

    /** A database of its own beside the store's, no migration run yet: its JDBC address and how the node opens it. */
    record EmptyDatabase(String url, String user, Supplier<Database> open) {
    }

    protected EmptyDatabase emptyDatabase(Path dir) {
        Path other = dir.resolve("earlier");
        try {
            Files.createDirectories(other);
        } catch (IOException e) {
            throw new StoreException("cannot create " + other, e);
        }
        return new EmptyDatabase("jdbc:sqlite:" + other.resolve("parley.db"), null,
                () -> Database.openEmbedded(other));
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

    @Test
    void upgradingTurnsTheCommaJoinedMentionsOfEarlierVersionsIntoLists() throws SQLException {
        EmptyDatabase earlier = emptyDatabase(dir);
        Flyway.configure().dataSource(earlier.url(), earlier.user(), null).locations("classpath:db/migration")
                .target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(earlier.url(), earlier.user(), null);
             PreparedStatement insert = c.prepareStatement("INSERT INTO messages (app_key, message_uid, sender_id,"
                     + " client_msg_id, conversation_type, target_id, conversation_key, object_name, content,"
                     + " push_content, flags, mentioned, sent_time) VALUES (?, ?, 'alice', ?, 3, 'g1', 'g:g1',"
                     + " 'RC:TxtMsg', '{}', NULL, 0, ?, ?)")) {
            String[][] rows = {{"m1", "bob,carol"}, {"m2", "dave"}, {"m3", null}, {"m4", ""},
                    {"m5", "quo\"te,back\\slash,[x]"}};
            for (int i = 0; i < rows.length; i++) {
                insert.setString(1, APP);
                insert.setString(2, rows[i][0]);
                insert.setString(3, "c-" + rows[i][0]);
                insert.setString(4, rows[i][1]);
                insert.setLong(5, T0 + i);
                insert.executeUpdate();
            }
        }

        try (Database upgraded = earlier.open().get()) {
            SqlMessageStore messages = new SqlMessageStore(upgraded);
            assertThat(messages.find(APP, "m1").orElseThrow().mentioned()).containsExactly("bob", "carol");
            assertThat(messages.find(APP, "m2").orElseThrow().mentioned()).containsExactly("dave");
            assertThat(messages.find(APP, "m3").orElseThrow().mentioned()).isEmpty();
            assertThat(messages.find(APP, "m4").orElseThrow().mentioned()).isEmpty();
            assertThat(messages.find(APP, "m5").orElseThrow().mentioned())
                    .containsExactly("quo\"te", "back\\slash", "[x]");
            // And what the upgraded node writes comes back as written.
            StoredMessage m = message(APP, "m6", T0 + 9);
            StoredMessage withComma = new StoredMessage(APP, "m6", m.senderId(), m.clientMsgId(), 3, "g1", "g:g1",
                    m.objectName(), m.content(), null, 0, List.of("bob,carol"), m.sentTime());
            messages.write(w -> w.insertIfNew(withComma));
            assertThat(messages.find(APP, "m6")).contains(withComma);
        }
    }
}
