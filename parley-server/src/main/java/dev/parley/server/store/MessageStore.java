package dev.parley.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Messages and inboxes. Writes take the caller's connection so the group-commit writer can
 * put a whole batch in one transaction; reads use their own connections.
 */
public final class MessageStore {
    private static final int PURGE_CHUNK = 5_000;

    private static final String COLUMNS = "m.app_key, m.message_uid, m.sender_id, m.client_msg_id, m.conversation_type,"
            + " m.target_id, m.conversation_key, m.object_name, m.content, m.push_content, m.flags, m.mentioned, m.sent_time";

    private final Jdbc jdbc;

    public MessageStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    /** Opens a write batch on {@code c}: statements prepared once for all the messages of one transaction. */
    public Batch batch(Connection c) throws SQLException {
        return new Batch(c);
    }

    /**
     * The writes of one group-commit transaction. Inbox rows are collected and written in one
     * JDBC batch by {@link #flush()}; reads in between see messages inserted so far.
     */
    public final class Batch implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement insertMessage;
        private final PreparedStatement insertInbox;
        private final PreparedStatement maxSeq;
        private int pendingInbox;

        private Batch(Connection c) throws SQLException {
            this.c = c;
            insertMessage = c.prepareStatement("INSERT INTO messages (app_key, message_uid, sender_id,"
                    + " client_msg_id, conversation_type, target_id, conversation_key, object_name, content, push_content,"
                    + " flags, mentioned, sent_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (app_key, sender_id, client_msg_id) DO NOTHING");
            insertInbox = c.prepareStatement(
                    "INSERT INTO inbox (app_key, user_id, seq, message_uid, sent_time) VALUES (?, ?, ?, ?, ?)");
            maxSeq = c.prepareStatement("SELECT MAX(seq) FROM inbox WHERE app_key = ? AND user_id = ?");
        }

        /** Inserts the message unless its sender already stored one with that client id; true if inserted. */
        public boolean insertIfNew(StoredMessage m) throws SQLException {
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
            ps.setString(12, m.mentioned().isEmpty() ? null : String.join(",", m.mentioned()));
            ps.setLong(13, m.sentTime());
            return ps.executeUpdate() == 1;
        }

        public Optional<StoredMessage> findByClientId(String appKey, String senderId, String clientMsgId)
                throws SQLException {
            return Jdbc.query(c, "SELECT " + COLUMNS + " FROM messages m WHERE m.app_key = ? AND m.sender_id = ?"
                    + " AND m.client_msg_id = ?", MessageStore::map, appKey, senderId, clientMsgId).stream().findFirst();
        }

        /** Queues one inbox entry per user, {@code seqs[i]} being {@code users.get(i)}'s. */
        public void appendInbox(String appKey, String messageUid, long sentTime, List<String> users, long[] seqs)
                throws SQLException {
            for (int i = 0; i < users.size(); i++) {
                insertInbox.setString(1, appKey);
                insertInbox.setString(2, users.get(i));
                insertInbox.setLong(3, seqs[i]);
                insertInbox.setString(4, messageUid);
                insertInbox.setLong(5, sentTime);
                insertInbox.addBatch();
                pendingInbox++;
            }
        }

        /** The highest committed seq of a user (entries queued in this batch are not counted). */
        public long maxSeq(String appKey, String userId) throws SQLException {
            maxSeq.setString(1, appKey);
            maxSeq.setString(2, userId);
            try (ResultSet rs = maxSeq.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }

        /** Replaces a stored message's type and content (a recall leaves a notice in its place). */
        public void replace(String appKey, String messageUid, String objectName, String content) throws SQLException {
            Jdbc.update(c, "UPDATE messages SET object_name = ?, content = ?, push_content = NULL WHERE app_key = ?"
                    + " AND message_uid = ?", objectName, content, appKey, messageUid);
        }

        /** Writes the queued inbox entries. */
        public void flush() throws SQLException {
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

    public long maxSeq(String appKey, String userId) {
        return jdbc.queryOne("SELECT MAX(seq) FROM inbox WHERE app_key = ? AND user_id = ?", rs -> rs.getLong(1),
                appKey, userId).orElse(0L);
    }

    /** Up to {@code limit} inbox entries after {@code afterSeq}, in seq order. */
    public List<InboxRow> readInbox(String appKey, String userId, long afterSeq, int limit) {
        return jdbc.query("SELECT i.seq, " + COLUMNS + " FROM inbox i JOIN messages m ON m.app_key = i.app_key"
                + " AND m.message_uid = i.message_uid WHERE i.app_key = ? AND i.user_id = ? AND i.seq > ?"
                + " ORDER BY i.seq LIMIT ?", rs -> new InboxRow(rs.getLong(1), map(rs, 2)), appKey, userId, afterSeq,
                limit);
    }

    public Optional<StoredMessage> find(String appKey, String messageUid) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM messages m WHERE m.app_key = ? AND m.message_uid = ?",
                MessageStore::map, appKey, messageUid);
    }

    /** Messages of a conversation sent before {@code beforeTime}, newest first. */
    public List<StoredMessage> history(String appKey, String conversationKey, long beforeTime, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM messages m WHERE m.app_key = ? AND m.conversation_key = ?"
                + " AND m.sent_time < ? ORDER BY m.sent_time DESC, m.message_uid DESC LIMIT ?", MessageStore::map,
                appKey, conversationKey, beforeTime, limit);
    }

    /** Deletes an app's messages and inbox entries older than {@code before}; returns messages deleted. */
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
            entries = jdbc.update("DELETE FROM inbox WHERE app_key = ? AND (user_id, seq) IN (SELECT user_id, seq"
                    + " FROM inbox WHERE app_key = ? AND sent_time < ? LIMIT ?)", appKey, appKey, before, chunk);
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
        String mentioned = rs.getString(from + 11);
        List<String> mentions = mentioned == null || mentioned.isEmpty() ? List.of()
                : new ArrayList<>(Arrays.asList(mentioned.split(",")));
        return new StoredMessage(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2),
                rs.getString(from + 3), rs.getInt(from + 4), rs.getString(from + 5), rs.getString(from + 6),
                rs.getString(from + 7), rs.getString(from + 8), rs.getString(from + 9), rs.getInt(from + 10), mentions,
                rs.getLong(from + 12));
    }

    /** Runs {@code work} in one transaction on a pooled connection. */
    public <T> T inTransaction(Jdbc.Work<T> work) {
        return jdbc.inTransaction(work);
    }
}
