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

/**
 * {@link MessageStore} on the relational schema of the Flyway migrations (messages, inbox):
 * one transaction per write batch, inbox rows written in one JDBC batch. For PostgreSQL in
 * cluster mode; the embedded node keeps messages in {@link RocksMessageStore}.
 */
public final class SqlMessageStore implements MessageStore {
    private static final int PURGE_CHUNK = 5_000;
    // A user's newest entry, or the seq retention recorded when it deleted the last of them.
    private static final String MAX_SEQ = "SELECT MAX(s) FROM (SELECT MAX(seq) AS s FROM inbox WHERE app_key = ? AND"
            + " user_id = ? UNION ALL SELECT seq FROM inbox_heads WHERE app_key = ? AND user_id = ?) t";

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
                }
            } catch (SQLException e) {
                throw new StoreException("append inbox failed", e);
            }
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

        /** Writes the queued inbox entries. */
        void flush() throws SQLException {
            if (pendingInbox > 0) {
                insertInbox.executeBatch();
                pendingInbox = 0;
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
            try (PreparedStatement head = c.prepareStatement("INSERT INTO inbox_heads (app_key, user_id, seq)"
                    + " VALUES (?, ?, ?) ON CONFLICT (app_key, user_id) DO UPDATE SET seq = CASE WHEN excluded.seq >"
                    + " inbox_heads.seq THEN excluded.seq ELSE inbox_heads.seq END");
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

    /** Deletes every message and inbox entry, in one transaction. */
    void deleteAll() {
        jdbc.inTransaction(c -> {
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
