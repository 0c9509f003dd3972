package dev.parley.client.internal;

import dev.parley.client.Conversation;
import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.MessageDirection;
import dev.parley.client.ObjectNames;
import dev.parley.client.SentStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messaging tables of one user's {@link LocalStore}: messages, conversations (latest
 * message, unread count) and the inbox cursor. Every method holds the store's lock, so app
 * threads may read while the actor writes; statements are prepared once and reused.
 *
 * <p>Unread count of a conversation = its received ({@code direction = 2}), counted, unread
 * messages. It is kept in {@code conversations.unread_count}: incremented as messages arrive,
 * recounted from the messages whenever some become read or are recalled.
 */
final class MessageStore {
    private static final int SEND = MessageDirection.SEND.getValue();
    private static final int RECEIVE = MessageDirection.RECEIVE.getValue();
    private static final String COLUMNS = "id, message_uid, client_msg_id, conversation_type, target_id, "
            + "sender_user_id, object_name, content, sent_time, direction, sent_status, read, mentioned";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM messages ";
    private static final String INSERT = "INSERT INTO messages (message_uid, client_msg_id, conversation_type, "
            + "target_id, sender_user_id, object_name, content, sent_time, direction, sent_status, read, counted, "
            + "mentioned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    // Assignments read the row as it was: "latest_time" on the right is the old value.
    private static final String TOUCH_CONVERSATION = """
            INSERT INTO conversations (conversation_type, target_id, latest_message_id, latest_time, unread_count)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (conversation_type, target_id) DO UPDATE SET
              latest_message_id = CASE WHEN excluded.latest_time >= latest_time
                  OR latest_message_id = excluded.latest_message_id
                  THEN excluded.latest_message_id ELSE latest_message_id END,
              latest_time = CASE WHEN latest_message_id = excluded.latest_message_id
                  THEN excluded.latest_time ELSE MAX(latest_time, excluded.latest_time) END,
              unread_count = unread_count + excluded.unread_count""";
    // The literal "direction = 2 AND read = 0" lets SQLite use the partial index messages_unread.
    private static final String RECOUNT_UNREAD = """
            UPDATE conversations SET unread_count = (SELECT COUNT(*) FROM messages
                WHERE conversation_type = ?1 AND target_id = ?2 AND direction = 2 AND read = 0 AND counted = 1)
            WHERE conversation_type = ?1 AND target_id = ?2""";
    private static final String CONVERSATIONS = "SELECT c.conversation_type, c.target_id, c.unread_count, "
            + "c.latest_time, m." + COLUMNS.replace(", ", ", m.")
            + " FROM conversations c LEFT JOIN messages m ON m.id = c.latest_message_id ";

    private static final String SET_LAST_SEQ = "INSERT INTO meta (key, value) VALUES ('" + LocalStore.LAST_SEQ
            + "', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    private static final String RESET_TO_SENDING = "UPDATE messages SET sent_status = " + SentStatus.SENDING.getValue()
            + " WHERE id = ? AND direction = " + SEND + " AND sent_status = " + SentStatus.FAILED.getValue();
    private static final String MARK_SENT = "UPDATE messages SET message_uid = ?, sent_time = ?, sent_status = "
            + SentStatus.SENT.getValue() + " WHERE id = ?";
    private static final String DELETE = "DELETE FROM messages WHERE id = ?";
    private static final String MARK_FAILED = "UPDATE messages SET sent_status = " + SentStatus.FAILED.getValue()
            + " WHERE id = ? AND sent_status = " + SentStatus.SENDING.getValue();
    private static final String SENDING_ROWS = SELECT + "WHERE sent_status = " + SentStatus.SENDING.getValue() + " ORDER BY id";
    private static final String CONFIRM_OWN = "UPDATE messages SET message_uid = ?, sent_time = ?, sent_status = "
            + SentStatus.SENT.getValue() + " WHERE client_msg_id = ? AND message_uid IS NULL";
    private static final String RECALL = "UPDATE messages SET object_name = '" + ObjectNames.RECALL_NOTICE
            + "', content = ?, counted = 0, mentioned = NULL WHERE id = ?";
    private static final String MARK_RECEIVED_READ = "UPDATE messages SET read = 1 WHERE conversation_type = ? AND target_id = ?"
            + " AND direction = 2 AND read = 0 AND sent_time <= ?";
    private static final String MARK_SENT_READ = "UPDATE messages SET sent_status = " + SentStatus.READ.getValue()
            + " WHERE conversation_type = ? AND target_id = ? AND direction = " + SEND
            + " AND sent_status = " + SentStatus.SENT.getValue() + " AND sent_time <= ?";
    private static final String LATEST_RECEIVED_TIME = "SELECT sent_time FROM messages WHERE conversation_type = ? AND target_id = ?"
            + " AND direction = " + RECEIVE + " ORDER BY sent_time DESC LIMIT 1";
    private static final String BY_ID = SELECT + "WHERE id = ?";
    private static final String BY_UID = SELECT + "WHERE message_uid = ?";
    private static final String NEWEST = SELECT + "WHERE conversation_type = ? AND target_id = ?"
            + " ORDER BY sent_time DESC, id DESC LIMIT ?";
    private static final String OLDER = SELECT + "WHERE conversation_type = ? AND target_id = ?"
            + " AND (sent_time, id) < (?, ?) ORDER BY sent_time DESC, id DESC LIMIT ?";
    private static final String ALL_CONVERSATIONS = CONVERSATIONS + "ORDER BY c.latest_time DESC";
    private static final String ONE_CONVERSATION = CONVERSATIONS + "WHERE c.conversation_type = ? AND c.target_id = ?";
    private static final String UNREAD = "SELECT unread_count FROM conversations WHERE conversation_type = ? AND target_id = ?";
    private static final String TOTAL_UNREAD = "SELECT COALESCE(SUM(unread_count), 0) FROM conversations";
    private static final String LAST_ID = "SELECT last_insert_rowid()";

    private final LocalStore local;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    MessageStore(LocalStore local) {
        this.local = local;
    }

    /** Runs {@code work} in one transaction (joining an open one). */
    <T> T transaction(LocalStore.SqlWork<T> work) throws SQLException {
        return local.transaction(work);
    }

    /** Transactions committed on this database so far. */
    long commits() {
        return local.commits();
    }

    // ---- inbox cursor ----

    /** Highest inbox sequence applied on this device. */
    long lastSeq() throws SQLException {
        return local.lastSeq();
    }

    /** Records the cursor; call inside the transaction that applied the entries up to it. */
    void setLastSeq(long seq) throws SQLException {
        local.locked(db -> {
            PreparedStatement ps = ps(db, SET_LAST_SEQ);
            ps.setString(1, Long.toString(seq));
            return ps.executeUpdate();
        });
    }

    // ---- this device's own sends ----

    /** Stores a message to send (SENDING) and returns it with its local id. */
    Message insertSending(Message draft, String me, String clientMsgId, long sentTime) throws SQLException {
        Message.Builder b = draft.toBuilder()
                .messageUId(null).senderUserId(me).clientMessageId(clientMsgId).sentTime(sentTime)
                .direction(MessageDirection.SEND).sentStatus(SentStatus.SENDING).read(false);
        return transaction(db -> {
            long id = insert(db, b.messageId(0).build(), false, false);
            touchConversation(db, draft.getConversationType(), draft.getTargetId(), id, sentTime, 0);
            return b.messageId(id).build();
        });
    }

    /** Puts an own FAILED message back to SENDING; {@code null} if it is not an own FAILED message. */
    Message resetToSending(long id) throws SQLException {
        return transaction(db -> {
            PreparedStatement ps = ps(db, RESET_TO_SENDING);
            ps.setLong(1, id);
            return ps.executeUpdate() == 1 ? byId(id) : null;
        });
    }

    /** The server acknowledged an own message; returns it as now stored. */
    Message markSent(long id, String uid, long sentTime) throws SQLException {
        return transaction(db -> {
            PreparedStatement ps = ps(db, MARK_SENT);
            ps.setString(1, uid);
            ps.setLong(2, sentTime);
            ps.setLong(3, id);
            try {
                ps.executeUpdate();
            } catch (SQLException e) {
                Message other = byUid(uid);
                if (other == null) {
                    throw e;
                }
                // The server's copy is already stored as its own row (it came without our
                // client id): keep that one, or this row would be resent forever.
                PreparedStatement delete = ps(db, DELETE);
                delete.setLong(1, id);
                delete.executeUpdate();
                touchConversation(db, other.getConversationType(), other.getTargetId(), other.getMessageId(),
                        other.getSentTime(), 0);
                return other;
            }
            Message m = byId(id);
            touchConversation(db, m.getConversationType(), m.getTargetId(), id, sentTime, 0);
            return m;
        });
    }

    /** The server refused an own message; returns it as now stored (FAILED). */
    Message markFailed(long id) throws SQLException {
        return local.locked(db -> {
            PreparedStatement ps = ps(db, MARK_FAILED);
            ps.setLong(1, id);
            ps.executeUpdate();
            return byId(id);
        });
    }

    /** Own messages waiting for the server, oldest first. */
    List<Message> sending() throws SQLException {
        return local.locked(db -> list(ps(db, SENDING_ROWS)));
    }

    // ---- applying inbox entries (call inside a transaction) ----

    /**
     * An own message came back through the inbox before its ack: records the server's ids on
     * the local row with that client id. {@code null} if there is no such unacknowledged row.
     */
    Message confirmOwn(String clientMsgId, String uid, long sentTime) throws SQLException {
        return local.locked(db -> {
            PreparedStatement ps = ps(db, CONFIRM_OWN);
            ps.setString(1, uid);
            ps.setLong(2, sentTime);
            ps.setString(3, clientMsgId);
            if (ps.executeUpdate() == 0) {
                return null;
            }
            Message m = byUid(uid);
            touchConversation(db, m.getConversationType(), m.getTargetId(), m.getMessageId(), sentTime, 0);
            return m;
        });
    }

    /**
     * Stores an arrived message unless its UID is already stored.
     *
     * @param counted whether it adds to the unread count (received, counted, unread)
     * @return the message with its local id, or {@code null} if it was a duplicate
     */
    Message insertArrived(Message m, boolean counted) throws SQLException {
        return local.locked(db -> {
            long id = insert(db, m, m.isRead(), counted);
            if (id == 0) {
                return null;
            }
            touchConversation(db, m.getConversationType(), m.getTargetId(), id, m.getSentTime(), counted ? 1 : 0);
            return m.toBuilder().messageId(id).build();
        });
    }

    /**
     * Replaces the message {@code uid} by a recall notice, keeping its ids.
     *
     * @return the replaced message, or {@code null} if it is not stored or was already a notice
     *         (then only the notice text is refreshed)
     */
    Message recall(String uid, String noticeContent) throws SQLException {
        return transaction(db -> {
            Message m = byUid(uid);
            if (m == null) {
                return null;
            }
            boolean already = ObjectNames.RECALL_NOTICE.equals(m.getObjectName());
            PreparedStatement ps = ps(db, RECALL);
            ps.setString(1, noticeContent);
            ps.setLong(2, m.getMessageId());
            ps.executeUpdate();
            if (already) {
                return null;
            }
            recountUnread(db, m.getConversationType(), m.getTargetId());
            return byId(m.getMessageId());
        });
    }

    /** Marks received messages sent up to {@code upTo} read; returns how many changed. */
    int markReceivedRead(ConversationType type, String targetId, long upTo) throws SQLException {
        return transaction(db -> {
            PreparedStatement ps = ps(db, MARK_RECEIVED_READ);
            ps.setInt(1, type.getValue());
            ps.setString(2, targetId);
            ps.setLong(3, upTo);
            int n = ps.executeUpdate();
            if (n > 0) {
                recountUnread(db, type, targetId);
            }
            return n;
        });
    }

    /** The peer read own messages sent up to {@code upTo}: SENT becomes READ. Returns how many changed. */
    int markSentRead(ConversationType type, String targetId, long upTo) throws SQLException {
        return local.locked(db -> {
            PreparedStatement ps = ps(db, MARK_SENT_READ);
            ps.setInt(1, type.getValue());
            ps.setString(2, targetId);
            ps.setLong(3, upTo);
            return ps.executeUpdate();
        });
    }

    /**
     * Marks the whole conversation read.
     *
     * @return sent time of its latest received message if anything was unread, else -1
     */
    long clearUnread(ConversationType type, String targetId) throws SQLException {
        return transaction(db -> {
            PreparedStatement ps = ps(db, LATEST_RECEIVED_TIME);
            ps.setInt(1, type.getValue());
            ps.setString(2, targetId);
            long latest;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return -1L;
                }
                latest = rs.getLong(1);
            }
            return markReceivedRead(type, targetId, latest) > 0 ? latest : -1L;
        });
    }

    /**
     * Stores messages fetched from the server's history (as read: they never count as unread).
     * Returns each as stored locally, in the given order.
     */
    List<Message> storeHistory(List<Message> fetched) throws SQLException {
        return transaction(db -> {
            List<Message> out = new ArrayList<>(fetched.size());
            for (Message m : fetched) {
                Message existing = m.getMessageUId() == null ? null : byUid(m.getMessageUId());
                if (existing != null) {
                    out.add(existing);
                    continue;
                }
                Message asRead = m.toBuilder().read(m.getDirection() == MessageDirection.RECEIVE).build();
                Message stored = insertArrived(asRead, false);
                out.add(stored != null ? stored : asRead);
            }
            return out;
        });
    }

    // ---- reads ----

    Message byId(long id) throws SQLException {
        return local.locked(db -> {
            PreparedStatement ps = ps(db, BY_ID);
            ps.setLong(1, id);
            return single(ps);
        });
    }

    Message byUid(String uid) throws SQLException {
        return local.locked(db -> {
            PreparedStatement ps = ps(db, BY_UID);
            ps.setString(1, uid);
            return single(ps);
        });
    }

    /** A page of one conversation, newest first, older than {@code beforeId} (none: from the newest). */
    List<Message> history(ConversationType type, String targetId, long beforeId, int count) throws SQLException {
        return local.locked(db -> {
            if (beforeId <= 0) {
                PreparedStatement ps = ps(db, NEWEST);
                ps.setInt(1, type.getValue());
                ps.setString(2, targetId);
                ps.setInt(3, count);
                return list(ps);
            }
            Message before = byId(beforeId);
            if (before == null) {
                return List.of();
            }
            PreparedStatement ps = ps(db, OLDER);
            ps.setInt(1, type.getValue());
            ps.setString(2, targetId);
            ps.setLong(3, before.getSentTime());
            ps.setLong(4, beforeId);
            ps.setInt(5, count);
            return list(ps);
        });
    }

    List<Conversation> conversations() throws SQLException {
        return local.locked(db -> {
            List<Conversation> out = new ArrayList<>();
            try (ResultSet rs = ps(db, ALL_CONVERSATIONS).executeQuery()) {
                while (rs.next()) {
                    Conversation c = conversation(rs);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
            return out;
        });
    }

    Conversation conversation(ConversationType type, String targetId) throws SQLException {
        return local.locked(db -> {
            PreparedStatement ps = ps(db, ONE_CONVERSATION);
            ps.setInt(1, type.getValue());
            ps.setString(2, targetId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? conversation(rs) : null;
            }
        });
    }

    int unreadCount(ConversationType type, String targetId) throws SQLException {
        return local.locked(db -> {
            PreparedStatement ps = ps(db, UNREAD);
            ps.setInt(1, type.getValue());
            ps.setString(2, targetId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    int totalUnreadCount() throws SQLException {
        return local.locked(db -> {
            try (ResultSet rs = ps(db, TOTAL_UNREAD).executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    // ---- helpers (lock held) ----

    private PreparedStatement ps(Connection db, String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = db.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Inserts a row; returns its id, or 0 if a row with the same UID or client id exists. */
    private long insert(Connection db, Message m, boolean read, boolean counted) throws SQLException {
        PreparedStatement ps = ps(db, INSERT);
        ps.setString(1, m.getMessageUId());
        ps.setString(2, m.getClientMessageId());
        ps.setInt(3, m.getConversationType().getValue());
        ps.setString(4, m.getTargetId());
        ps.setString(5, m.getSenderUserId());
        ps.setString(6, m.getObjectName());
        ps.setString(7, m.getContent());
        ps.setLong(8, m.getSentTime());
        ps.setInt(9, m.getDirection().getValue());
        ps.setInt(10, m.getSentStatus().getValue());
        ps.setInt(11, read ? 1 : 0);
        ps.setInt(12, counted ? 1 : 0);
        ps.setString(13, Json.idList(m.getMentions()));
        if (ps.executeUpdate() == 0) {
            return 0;
        }
        try (ResultSet rs = ps(db, LAST_ID).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void touchConversation(Connection db, ConversationType type, String targetId, long messageId,
                                   long sentTime, int unreadDelta) throws SQLException {
        PreparedStatement ps = ps(db, TOUCH_CONVERSATION);
        ps.setInt(1, type.getValue());
        ps.setString(2, targetId);
        ps.setLong(3, messageId);
        ps.setLong(4, sentTime);
        ps.setInt(5, unreadDelta);
        ps.executeUpdate();
    }

    private void recountUnread(Connection db, ConversationType type, String targetId) throws SQLException {
        PreparedStatement ps = ps(db, RECOUNT_UNREAD);
        ps.setInt(1, type.getValue());
        ps.setString(2, targetId);
        ps.executeUpdate();
    }

    private static Message single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? message(rs, 1) : null;
        }
    }

    private static List<Message> list(PreparedStatement ps) throws SQLException {
        List<Message> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(message(rs, 1));
            }
        }
        return out;
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        ConversationType type = ConversationType.fromValue(rs.getInt(1));
        if (type == null) {
            return null;
        }
        rs.getLong(5);
        Message latest = rs.wasNull() ? null : message(rs, 5);
        return new Conversation(type, rs.getString(2), latest, rs.getInt(3), rs.getLong(4));
    }

    /** The message in the {@link #COLUMNS} starting at column {@code at}. */
    private static Message message(ResultSet rs, int at) throws SQLException {
        MessageDirection direction = MessageDirection.fromValue(rs.getInt(at + 9));
        return Message.builder()
                .messageId(rs.getLong(at))
                .messageUId(rs.getString(at + 1))
                .clientMessageId(rs.getString(at + 2))
                .conversationType(ConversationType.fromValue(rs.getInt(at + 3)))
                .targetId(rs.getString(at + 4))
                .senderUserId(rs.getString(at + 5))
                .objectName(rs.getString(at + 6))
                .content(rs.getString(at + 7))
                .sentTime(rs.getLong(at + 8))
                .direction(direction)
                .sentStatus(SentStatus.fromValue(rs.getInt(at + 10)))
                .read(direction == MessageDirection.RECEIVE && rs.getInt(at + 11) == 1)
                .mentionedUserIds(Json.parseIdList(rs.getString(at + 12)))
                .build();
    }
}
