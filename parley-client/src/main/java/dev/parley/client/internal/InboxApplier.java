package dev.parley.client.internal;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.ObjectNames;
import dev.parley.protocol.wire.InboxMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies inbox entries to the local database, following SPEC §7: dedupe by UID, own
 * messages matched by client id, unread counting, and the notices the SDK handles itself
 * (recall, read receipt, read-state sync). A batch is applied in one transaction together
 * with the new cursor, so a crash never loses or repeats an entry. Returns what the app
 * should be told; the caller tells it after the commit.
 *
 * <p>A recall notice replaces only a message of its own sender in its own conversation: the
 * server sends a notice only from a recall, as the original's sender, in the original's
 * conversation, so a notice that names another user's message or a message of another
 * conversation is forged and ignored. So is a notice whose message is not stored here: each
 * inbox is applied in order, after the original, and the server replaces its stored copy, so
 * an original that comes later (remote history) already comes as its notice. An ignored notice
 * stores nothing (no message, no conversation) and tells the app nothing.
 */
final class InboxApplier {
    private static final Logger log = LoggerFactory.getLogger(InboxApplier.class);

    private final MessageStore store;
    private final String me;

    InboxApplier(MessageStore store, String me) {
        this.store = store;
        this.me = me;
    }

    /** Applies {@code entries} in order and moves the cursor to {@code lastSeq}, all in one transaction. */
    List<InboxEvent> apply(List<InboxMessage> entries, long lastSeq) throws SQLException {
        return store.transaction(db -> {
            List<InboxEvent> events = new ArrayList<>();
            for (InboxMessage e : entries) {
                applyOne(e, events);
            }
            store.setLastSeq(lastSeq);
            return events;
        });
    }

    private void applyOne(InboxMessage e, List<InboxEvent> out) throws SQLException {
        ConversationType type = Wire.fromWire(e.getConversationType());
        if (type == null) {
            return;
        }
        switch (e.getObjectName()) {
            case ObjectNames.RECALL_NOTICE -> recalled(e, type, out);
            case ObjectNames.READ_RECEIPT -> {
                if (type == ConversationType.PRIVATE) {
                    readUpTo(e, type, out);
                }
            }
            case ObjectNames.SYNC_READ_STATUS -> {
                if (e.getOutgoing()) {
                    readUpTo(e, type, out);
                }
            }
            case ObjectNames.TYPING_STATUS -> { }
            default -> message(e, out);
        }
    }

    private void message(InboxMessage e, List<InboxEvent> out) throws SQLException {
        boolean mine = Wire.isMine(e, me);
        if (mine && !e.getClientMsgId().isEmpty() && !e.getMessageUid().isEmpty()) {
            Message own = store.confirmOwn(e.getClientMsgId(), e.getMessageUid(), e.getSentTime());
            if (own != null) {
                out.add(new InboxEvent.SendConfirmed(own));
                return;
            }
        }
        Message m = Wire.message(e, me);
        if (e.getNotPersisted()) {
            out.add(new InboxEvent.Received(m));
            return;
        }
        Message stored = store.insertArrived(m, !mine && !e.getNotCounted());
        if (stored != null) {
            out.add(new InboxEvent.Received(stored));
        }
    }

    private void recalled(InboxMessage e, ConversationType type, List<InboxEvent> out) throws SQLException {
        String uid = Json.tree(e.getContent()).path("messageUId").asText("");
        if (uid.isEmpty()) {
            return;
        }
        Message original = store.byUid(uid);
        if (original == null) {
            log.debug("{}: recall notice {} names {}, which is not stored here: ignored", me, e.getMessageUid(), uid);
            return;
        }
        if (!e.getSenderUserId().equals(original.getSenderUserId()) || type != original.getConversationType()
                || !e.getTargetId().equals(original.getTargetId())) {
            log.debug("{}: recall notice {} from {} in {}/{} names {} of {} in {}/{}: not the sender's recall, ignored",
                    me, e.getMessageUid(), e.getSenderUserId(), type, e.getTargetId(), uid,
                    original.getSenderUserId(), original.getConversationType(), original.getTargetId());
            return;
        }
        Message replaced = store.recall(uid, e.getContent());
        if (replaced != null) {
            out.add(new InboxEvent.Recalled(replaced));
        }
    }

    /**
     * From the peer: they read my messages up to T. Outgoing (sent by another device of mine):
     * I read the conversation up to T there, so clear it here.
     */
    private void readUpTo(InboxMessage e, ConversationType type, List<InboxEvent> out) throws SQLException {
        long upTo = Json.tree(e.getContent()).path("lastMessageSendTime").asLong(0);
        if (upTo <= 0) {
            return;
        }
        if (Wire.isMine(e, me)) {
            // The device that sent it cleared already, so nothing changes there and it is not told.
            if (store.markReceivedRead(type, e.getTargetId(), upTo) > 0) {
                out.add(new InboxEvent.ReadOnOtherDevice(type, e.getTargetId()));
            }
        } else {
            store.markSentRead(type, e.getTargetId(), upTo);
            out.add(new InboxEvent.ReadReceipt(type, e.getTargetId(), upTo));
        }
    }
}
