package dev.parley.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link MessageStore} on the relational schema of the Flyway migrations (messages, inbox):
 * one transaction per write batch, inbox rows written in one JDBC batch. For PostgreSQL in
 * cluster mode; the embedded node keeps messages in {@link RocksMessageStore}.
 */
public final class SqlMessageStore implements MessageStore {
    private static final int PURGE_CHUNK = 5_000;
    // inbox_heads holds every user's highest seq (migration V6; appends raise it, reservations
    // and retention set it); the inbox is asked too so that rows written by hand or by an
    // earlier version are never numbered over.
    private static final String MAX_SEQ = "SELECT MAX(s) FROM (SELECT MAX(seq) AS s FROM inbox WHERE app_key = ? AND"
            + " user_id = ? UNION ALL SELECT seq FROM inbox_heads WHERE app_key = ? AND user_id = ?) t";
    // Raises a user's head to a seq, never lowers it.
    private static final String RAISE_HEAD = "INSERT INTO inbox_heads (app_key, user_id, seq) VALUES (?, ?, ?)"
            + " ON CONFLICT (app_key, user_id) DO UPDATE SET seq = CASE WHEN excluded.seq > inbox_heads.seq"
            + " THEN excluded.seq ELSE inbox_heads.seq END";

    /** Where a user without a head row starts: after the highest seq of their inbox (rows written before V6). */
    private static String inboxBase(String row) {
        return "COALESCE((SELECT MAX(i.seq) FROM inbox i WHERE i.app_key = " + row + ".app_key AND i.user_id = "
                + row + ".user_id), 0)";
    }

    // Every key's seqs in one statement, heads locked in the order of the keys (ORDER BY ord).
    // ON CONFLICT DO UPDATE sees only the proposed row (excluded), whose seq is base + n for
    // the insert; the update takes base away again to add n alone. Both bases are read under
    // the statement's one snapshot, so they are equal whatever commits meanwhile.
    private static final String RESERVE_POSTGRES = "INSERT INTO inbox_heads AS h (app_key, user_id, seq)"
            + " SELECT k.app_key, k.user_id, " + inboxBase("k") + " + k.n"
            + " FROM unnest(?::varchar[], ?::varchar[], ?::int[]) WITH ORDINALITY AS k(app_key, user_id, n, ord)"
            + " ORDER BY k.ord"
            + " ON CONFLICT (app_key, user_id) DO UPDATE SET seq = h.seq + excluded.seq - " + inboxBase("excluded")
            + " RETURNING h.app_key, h.user_id, h.seq";
    // SQLite has no arrays, and one writer at a time: one statement per key.
    private static final String RESERVE_ONE = "INSERT INTO inbox_heads AS h (app_key, user_id, seq)"
            + " VALUES (?, ?, COALESCE((SELECT MAX(i.seq) FROM inbox i WHERE i.app_key = ? AND i.user_id = ?), 0) + ?)"
            + " ON CONFLICT (app_key, user_id) DO UPDATE SET seq = h.seq + ? RETURNING seq";

    private static final String COLUMNS = "m.app_key, m.message_uid, m.sender_id, m.client_msg_id, m.conversation_type,"
            + " m.target_id, m.conversation_key, m.object_name, m.content, m.push_content, m.flags, m.mentions, m.sent_time";
    // Mentions are a JSON array of strings (migration V5); rows converted from the earlier
    // comma-joined text may hold control characters unescaped.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Jdbc jdbc;

    public SqlMessageStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    @Override
    public <T> T write(WriteWork<T> work) {
        return jdbc.inTransaction(c -> {
            try (Batch writes = new Batch(c)) {
                T result = work.run(writes);
                writes.flush();
                return result;
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new StoreException("write batch failed", e);
            }
        });
    }

    /**
     * The writes of one transaction, statements prepared once for all its messages. Inbox rows
     * are collected and written in one JDBC batch by {@link #flush()}; reads in between see
     * messages inserted so far.
     */
    private static final class Batch implements Writes, AutoCloseable {
        private final Connection c;
        private final PreparedStatement insertMessage;
        private final PreparedStatement insertInbox;
        private final PreparedStatement maxSeq;
        private int pendingInbox;
        // Per user, the last seq reserved by this batch and the highest seq it appended: heads
        // are raised at flush for appends beyond what was reserved (a single writer's own seqs).
        private final Map<InboxKey, Long> reservedTo = new HashMap<>();
        private final Map<InboxKey, Long> appendedTo = new TreeMap<>();

        private Batch(Connection c) throws SQLException {
            this.c = c;
            insertMessage = c.prepareStatement("INSERT INTO messages (app_key, message_uid, sender_id,"
                    + " client_msg_id, conversation_type, target_id, conversation_key, object_name, content, push_content,"
                    + " flags, mentions, sent_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    // Neither a second message of a sender's client id nor a second message
                    // under one uid (primary key): the writer tells the two apart.
                    + " ON CONFLICT DO NOTHING");
            insertInbox = c.prepareStatement(
                    "INSERT INTO inbox (app_key, user_id, seq, message_uid, sent_time) VALUES (?, ?, ?, ?, ?)");
            maxSeq = c.prepareStatement(MAX_SEQ);
        }

        @Override
        public boolean insertIfNew(StoredMessage m) {
            try {
                return insert(m);
            } catch (SQLException e) {
                throw new StoreException("insert message failed", e);
            }
        }

        private boolean insert(StoredMessage m) throws SQLException {
            PreparedStatement ps = insertMessage;
            ps.setString(1, m.appKey());
            ps.setString(2, m.messageUid());
            ps.setString(3, m.senderId());
            ps.setString(4, m.clientMsgId());
            ps.setInt(5, m.conversationType());
            ps.setString(6, m.targetId());
            ps.setString(7, m.conversationKey());
            ps.setString(8, m.objectName());
            ps.setString(9, m.content());
            ps.setString(10, m.pushContent());
            ps.setInt(11, m.flags());
            ps.setString(12, mentionsJson(m.mentioned()));
            ps.setLong(13, m.sentTime());
            return ps.executeUpdate() == 1;
        }

        @Override
        public Optional<StoredMessage> findByClientId(String appKey, String senderId, String clientMsgId) {
            try {
                return Jdbc.query(c, "SELECT " + COLUMNS + " FROM messages m WHERE m.app_key = ? AND m.sender_id = ?"
                        + " AND m.client_msg_id = ?", SqlMessageStore::map, appKey, senderId, clientMsgId)
                        .stream().findFirst();
            } catch (SQLException e) {
                throw new StoreException("find by client id failed", e);
            }
        }

        @Override
        public void appendInbox(String appKey, String messageUid, long sentTime, List<String> users, long[] seqs) {
            try {
                for (int i = 0; i < users.size(); i++) {
                    insertInbox.setString(1, appKey);
                    insertInbox.setString(2, users.get(i));
                    insertInbox.setLong(3, seqs[i]);
                    insertInbox.setString(4, messageUid);
                    insertInbox.setLong(5, sentTime);
                    insertInbox.addBatch();
                    pendingInbox++;
                    appendedTo.merge(new InboxKey(appKey, users.get(i)), seqs[i], Math::max);
                }
            } catch (SQLException e) {
                throw new StoreException("append inbox failed", e);
            }
        }

        @Override
        public long[] reserveSeqs(List<InboxKey> keys, int[] counts) {
            if (keys.size() != counts.length) {
                throw new IllegalArgumentException(keys.size() + " keys but " + counts.length + " counts");
            }
            try {
                long[] heads = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())
                        ? reserveAtOnce(keys, counts) : reserveOneByOne(keys, counts);
                long[] first = new long[heads.length];
                for (int i = 0; i < heads.length; i++) {
                    first[i] = heads[i] - counts[i] + 1;
                    reservedTo.merge(keys.get(i), heads[i], Math::max);
                }
                return first;
            } catch (SQLException e) {
                throw new StoreException("reserve seqs failed", e);
            }
        }

        /** The new head of each key. */
        private long[] reserveAtOnce(List<InboxKey> keys, int[] counts) throws SQLException {
            String[] apps = new String[keys.size()];
            String[] users = new String[keys.size()];
            Integer[] ns = new Integer[keys.size()];
            Map<InboxKey, Integer> index = new HashMap<>(keys.size() * 2);
            for (int i = 0; i < apps.length; i++) {
                apps[i] = keys.get(i).appKey();
                users[i] = keys.get(i).userId();
                ns[i] = counts[i];
                index.put(keys.get(i), i);
            }
            long[] heads = new long[apps.length];
            try (PreparedStatement ps = c.prepareStatement(RESERVE_POSTGRES)) {
                ps.setArray(1, c.createArrayOf("varchar", apps));
                ps.setArray(2, c.createArrayOf("varchar", users));
                ps.setArray(3, c.createArrayOf("int4", ns));
                int returned = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        heads[index.get(new InboxKey(rs.getString(1), rs.getString(2)))] = rs.getLong(3);
                        returned++;
                    }
                }
                if (returned != heads.length) {
                    throw new StoreException("reserved seqs for " + returned + " of " + heads.length
                            + " inboxes (keys not distinct?)", null);
                }
            }
            return heads;
        }

        private long[] reserveOneByOne(List<InboxKey> keys, int[] counts) throws SQLException {
            long[] heads = new long[keys.size()];
            try (PreparedStatement ps = c.prepareStatement(RESERVE_ONE)) {
                for (int i = 0; i < heads.length; i++) {
                    InboxKey k = keys.get(i);
                    ps.setString(1, k.appKey());
                    ps.setString(2, k.userId());
                    ps.setString(3, k.appKey());
                    ps.setString(4, k.userId());
                    ps.setInt(5, counts[i]);
                    ps.setInt(6, counts[i]);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        heads[i] = rs.getLong(1);
                    }
                }
            }
            return heads;
        }

        @Override
        public long maxSeq(String appKey, String userId) {
            try {
                maxSeq.setString(1, appKey);
                maxSeq.setString(2, userId);
                maxSeq.setString(3, appKey);
                maxSeq.setString(4, userId);
                try (ResultSet rs = maxSeq.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw new StoreException("max seq failed", e);
            }
        }

        @Override
        public void replace(String appKey, String messageUid, String objectName, String content) {
            try {
                Jdbc.update(c, "UPDATE messages SET object_name = ?, content = ?, push_content = NULL WHERE app_key = ?"
                        + " AND message_uid = ?", objectName, content, appKey, messageUid);
            } catch (SQLException e) {
                throw new StoreException("replace failed", e);
            }
        }

        /** Writes the queued inbox entries, and raises the heads of users given seqs not reserved here. */
        void flush() throws SQLException {
            if (pendingInbox > 0) {
                insertInbox.executeBatch();
                pendingInbox = 0;
            }
            appendedTo.entrySet().removeIf(e -> e.getValue() <= reservedTo.getOrDefault(e.getKey(), 0L));
            if (!appendedTo.isEmpty()) {
                try (PreparedStatement raise = c.prepareStatement(RAISE_HEAD)) {
                    for (Map.Entry<InboxKey, Long> e : appendedTo.entrySet()) {
                        raise.setString(1, e.getKey().appKey());
                        raise.setString(2, e.getKey().userId());
                        raise.setLong(3, e.getValue());
                        raise.addBatch();
                    }
                    raise.executeBatch();
                }
                appendedTo.clear();
            }
        }

        @Override
        public void close() throws SQLException {
            insertMessage.close();
            insertInbox.close();
            maxSeq.close();
        }
    }

    @Override
    public long maxSeq(String appKey, String userId) {
        return jdbc.queryOne(MAX_SEQ, rs -> rs.getLong(1), appKey, userId, appKey, userId).orElse(0L);
    }

    @Override
    public List<InboxRow> readInbox(String appKey, String userId, long afterSeq, int limit) {
        return jdbc.query("SELECT i.seq, " + COLUMNS + " FROM inbox i JOIN messages m ON m.app_key = i.app_key"
                + " AND m.message_uid = i.message_uid WHERE i.app_key = ? AND i.user_id = ? AND i.seq > ?"
                + " ORDER BY i.seq LIMIT ?", rs -> new InboxRow(rs.getLong(1), map(rs, 2)), appKey, userId, afterSeq,
                limit);
    }

    @Override
    public Optional<StoredMessage> find(String appKey, String messageUid) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM messages m WHERE m.app_key = ? AND m.message_uid = ?",
                SqlMessageStore::map, appKey, messageUid);
    }

    @Override
    public List<StoredMessage> history(String appKey, String conversationKey, long beforeTime, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM messages m WHERE m.app_key = ? AND m.conversation_key = ?"
                + " AND m.sent_time < ? ORDER BY m.sent_time DESC, m.message_uid DESC LIMIT ?", SqlMessageStore::map,
                appKey, conversationKey, beforeTime, limit);
    }

    @Override
    public int purge(String appKey, long before) {
        return purge(appKey, before, PURGE_CHUNK);
    }

    /**
     * As {@link #purge(String, long)}, {@code chunk} rows per transaction: a day of a busy app
     * is millions of rows, and one transaction deleting them would hold the database's single
     * write lock, and so every send waiting for the message writer, for its whole duration.
     */
    int purge(String appKey, long before, int chunk) {
        int entries;
        do {
            entries = purgeInboxChunk(appKey, before, chunk);
        } while (entries > 0);
        int deleted = 0;
        int n;
        while ((n = jdbc.update("DELETE FROM messages WHERE app_key = ? AND message_uid IN (SELECT message_uid"
                + " FROM messages WHERE app_key = ? AND sent_time < ? LIMIT ?)", appKey, appKey, before, chunk)) > 0) {
            deleted += n;
        }
        return deleted;
    }

    private static StoredMessage map(ResultSet rs) throws SQLException {
        return map(rs, 1);
    }

    private static StoredMessage map(ResultSet rs, int from) throws SQLException {
        List<String> mentions = mentions(rs.getString(from + 11));
        return new StoredMessage(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2),
                rs.getString(from + 3), rs.getInt(from + 4), rs.getString(from + 5), rs.getString(from + 6),
                rs.getString(from + 7), rs.getString(from + 8), rs.getString(from + 9), rs.getInt(from + 10), mentions,
                rs.getLong(from + 12));
    }

    /**
     * Deletes up to {@code chunk} expired inbox entries in one transaction, first recording
     * each user's highest deleted seq in {@code inbox_heads} (see {@link #maxSeq}).
     */
    private int purgeInboxChunk(String appKey, long before, int chunk) {
        return jdbc.inTransaction(c -> {
            Map<String, Long> heads = new HashMap<>();
            List<Object[]> rows = Jdbc.query(c, "SELECT user_id, seq FROM inbox WHERE app_key = ? AND sent_time < ?"
                    + " LIMIT ?", rs -> new Object[] {rs.getString(1), rs.getLong(2)}, appKey, before, chunk);
            for (Object[] row : rows) {
                heads.merge((String) row[0], (Long) row[1], Math::max);
            }
            try (PreparedStatement head = c.prepareStatement(RAISE_HEAD);
                 PreparedStatement delete = c.prepareStatement(
                         "DELETE FROM inbox WHERE app_key = ? AND user_id = ? AND seq = ?")) {
                for (Map.Entry<String, Long> e : heads.entrySet()) {
                    head.setString(1, appKey);
                    head.setString(2, e.getKey());
                    head.setLong(3, e.getValue());
                    head.addBatch();
                }
                for (Object[] row : rows) {
                    delete.setString(1, appKey);
                    delete.setString(2, (String) row[0]);
                    delete.setLong(3, (Long) row[1]);
                    delete.addBatch();
                }
                if (!rows.isEmpty()) {
                    head.executeBatch();
                    delete.executeBatch();
                }
            }
            return rows.size();
        });
    }

    /** Up to {@code limit} stored messages after (app, uid) in that order: for copying the store elsewhere. */
    List<StoredMessage> messagesAfter(String appKey, String messageUid, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM messages m WHERE m.app_key > ? OR (m.app_key = ? AND"
                + " m.message_uid > ?) ORDER BY m.app_key, m.message_uid LIMIT ?", SqlMessageStore::map, appKey, appKey,
                messageUid, limit);
    }

    /** One inbox row as stored. */
    record InboxEntry(String appKey, String userId, long seq, String messageUid, long sentTime) {
    }

    /** Up to {@code limit} inbox rows after (app, user, seq) in that order: for copying the store elsewhere. */
    List<InboxEntry> inboxAfter(String appKey, String userId, long seq, int limit) {
        return jdbc.query("SELECT app_key, user_id, seq, message_uid, sent_time FROM inbox WHERE app_key > ? OR"
                + " (app_key = ? AND (user_id > ? OR (user_id = ? AND seq > ?))) ORDER BY app_key, user_id, seq LIMIT ?",
                rs -> new InboxEntry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5)),
                appKey, appKey, userId, userId, seq, limit);
    }

    boolean isEmpty() {
        return jdbc.queryOne("SELECT 1 FROM messages LIMIT 1", rs -> 1).isEmpty()
                && jdbc.queryOne("SELECT 1 FROM inbox LIMIT 1", rs -> 1).isEmpty();
    }

    /** Deletes every message, inbox entry and inbox head, in one transaction. */
    void deleteAll() {
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM inbox_heads");
            Jdbc.update(c, "DELETE FROM inbox");
            return Jdbc.update(c, "DELETE FROM messages");
        });
    }

    /** Null for none, else a JSON array of strings. */
    private static String mentionsJson(List<String> mentioned) {
        if (mentioned.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(mentioned);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode mentions", e);
        }
    }

    private static List<String> mentions(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt mentions " + json, e);
        }
    }

    /**
     * Nothing to do: a commit here is as durable as the database makes commits (PostgreSQL:
     * {@code synchronous_commit}, on by default; the embedded SQLite file: {@code synchronous=FULL}
     * at {@link Durability#FSYNC}).
     */
    @Override
    public void sync() {
    }

    /** The database belongs to the node, which closes it. */
    @Override
    public void close() {
    }
}
