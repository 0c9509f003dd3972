package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
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

    // ---------------------------------------------------------------- seqs reserved by the database

    private static final InboxKey BOB = new InboxKey(APP, "bob");
    private static final InboxKey CAROL = new InboxKey(APP, "carol");
    private static final InboxKey DAVE = new InboxKey(APP, "dave");

    @Test
    void reserveSeqsHandsOutEachUsersNextSeqsAsManyAsAsked() {
        assertThat(reserve(List.of(BOB, CAROL), 3, 1)).containsExactly(1, 1);
        assertThat(reserve(List.of(BOB, CAROL, DAVE), 2, 2, 1)).containsExactly(4, 2, 1);
        assertThat(reserve(List.of(new InboxKey(OTHER_APP, "bob")), 1)).as("another app's bob").containsExactly(1);

        assertThat(heads()).containsEntry(BOB, 5L).containsEntry(CAROL, 3L).containsEntry(DAVE, 1L)
                .containsEntry(new InboxKey(OTHER_APP, "bob"), 1L);
    }

    @Test
    void aUserWithoutAHeadIsReservedSeqsAfterTheEntriesOfTheirInbox() {
        send(message(APP, "u1", T0), List.of("bob", "carol"), 5, 2);
        execute("DELETE FROM inbox_heads"); // as an inbox written before heads counted every seq

        assertThat(reserve(List.of(BOB, CAROL, DAVE), 2, 1, 1)).containsExactly(6, 3, 1);
    }

    @Test
    void appendsWithSeqsOfTheirOwnRaiseTheHeadSoThatReservationsContinueAfterThem() {
        send(message(APP, "u1", T0), List.of("bob", "carol"), 1, 7);
        send(message(APP, "u2", T0 + 1), List.of("bob"), 2);
        assertThat(heads()).containsEntry(BOB, 2L).containsEntry(CAROL, 7L);

        assertThat(reserve(List.of(BOB, CAROL), 1, 1)).containsExactly(3, 8);
        // A single writer after the reservations: its own seqs move the head on, never back.
        send(message(APP, "u3", T0 + 2), List.of("bob"), 4);
        assertThat(heads()).containsEntry(BOB, 4L);
        assertThat(store.maxSeq(APP, "bob")).isEqualTo(4);
    }

    @Test
    void reservedSeqsAppendedInTheSameBatchAreReadLikeAnyOthers() {
        StoredMessage m = message(APP, "u1", T0);
        store.write(w -> {
            w.insertIfNew(m);
            long[] first = w.reserveSeqs(List.of(BOB, CAROL), new int[] {1, 1});
            w.appendInbox(APP, m.messageUid(), m.sentTime(), List.of("bob", "carol"), first);
            return null;
        });

        assertThat(store.readInbox(APP, "bob", 0, 10)).containsExactly(row(1, m));
        assertThat(store.maxSeq(APP, "carol")).isEqualTo(1);
        assertThat(reserve(List.of(BOB), 1)).containsExactly(2);
    }

    @Test
    void theSeqsOfAFailedBatchAreReservedAgain() {
        assertThatThrownBy(() -> store.write(w -> {
            w.reserveSeqs(List.of(BOB), new int[] {5});
            throw new IllegalStateException("the batch fails");
        })).hasMessageContaining("the batch fails");

        assertThat(reserve(List.of(BOB), 1)).containsExactly(1);
    }

    @Test
    void deleteAllForgetsTheHeadsToo() {
        send(message(APP, "u1", T0), List.of("bob"), 3);

        ((SqlMessageStore) store).deleteAll();

        assertThat(heads()).isEmpty();
        assertThat(store.maxSeq(APP, "bob")).isZero();
    }

    @Test
    void upgradingRecordsEveryUsersHighestSeqAsTheirHeadKeepingHigherOnesOfRetention() throws SQLException {
        EmptyDatabase earlier = emptyDatabase(dir);
        Flyway.configure().dataSource(earlier.url(), earlier.user(), null).locations("classpath:db/migration")
                .target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(earlier.url(), earlier.user(), null);
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO inbox (app_key, user_id, seq, message_uid, sent_time) VALUES"
                    + " ('app1', 'bob', 1, 'm1', 1), ('app1', 'bob', 3, 'm2', 2), ('app1', 'carol', 7, 'm2', 2),"
                    + " ('app2', 'bob', 4, 'm3', 3), ('app1', 'erin', 2, 'm2', 2)");
            // Retention's heads: dave's whole inbox is gone; erin's head is above her entries.
            s.executeUpdate("INSERT INTO inbox_heads (app_key, user_id, seq) VALUES ('app1', 'dave', 9),"
                    + " ('app1', 'bob', 1), ('app1', 'erin', 5)");
        }

        try (Database upgraded = earlier.open().get()) {
            assertThat(new Jdbc(upgraded.dataSource()).query("SELECT app_key, user_id, seq FROM inbox_heads",
                    rs -> Map.entry(new InboxKey(rs.getString(1), rs.getString(2)), rs.getLong(3))))
                    .containsExactlyInAnyOrder(Map.entry(BOB, 3L), Map.entry(CAROL, 7L), Map.entry(DAVE, 9L),
                            Map.entry(new InboxKey(APP, "erin"), 5L), Map.entry(new InboxKey(OTHER_APP, "bob"), 4L));
            SqlMessageStore upgradedStore = new SqlMessageStore(upgraded);
            assertThat(upgradedStore.<long[]>write(w -> w.reserveSeqs(List.of(BOB, DAVE), new int[] {1, 1})))
                    .containsExactly(4, 10);
        }
    }

    private long[] reserve(List<InboxKey> keys, int... counts) {
        return store.<long[]>write(w -> w.reserveSeqs(keys, counts));
    }

    private Map<InboxKey, Long> heads() {
        Map<InboxKey, Long> heads = new HashMap<>();
        new Jdbc(databases.get(store).dataSource()).query("SELECT app_key, user_id, seq FROM inbox_heads",
                rs -> heads.put(new InboxKey(rs.getString(1), rs.getString(2)), rs.getLong(3)));
        return heads;
    }

    private void execute(String sql) {
        new Jdbc(databases.get(store).dataSource()).update(sql);
    }
}
