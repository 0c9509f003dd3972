package dev.parley.server.messaging;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.server.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored messages as they go into a sync or history page, each one sendable. An entry that
 * cannot be sent (larger than {@link MessageBounds#MAX_ENTRY_BYTES}, or failing to take shape)
 * would otherwise be answered again on every request for that page: the device would never get
 * past it. In its place goes a placeholder: object name {@value #PLACEHOLDER}, the same seq,
 * messageUid, sender, conversation, sentTime and (to the sender) client id, so the device's
 * cursor moves past it and it matches any copy the device has; content
 * {@code {"reason":"tooLarge","bytes":N}} or {@code {"reason":"unreadable"}}; never counted as
 * unread. The node logs each one.
 */
final class PageEntries {
    /** Object name of the entry sent in place of one that cannot be sent; no send may use it. */
    static final String PLACEHOLDER = "PL:Unavailable";
    // A placeholder carries an id only if it is no longer than this, so that it stays small.
    private static final int MAX_PLACEHOLDER_ID_CHARS = MessageBounds.MAX_CLIENT_MSG_ID_CHARS;
    private static final Logger log = LoggerFactory.getLogger(PageEntries.class);

    private PageEntries() {
    }

    /** {@code m} as {@code userId} sees it at {@code seq} (0 in history), or its placeholder. */
    static InboxMessage forUser(StoredMessage m, String userId, long seq) {
        int size;
        try {
            InboxMessage entry = InboxMessages.forUser(m, userId, seq);
            size = entry.getSerializedSize();
            if (size <= MessageBounds.MAX_ENTRY_BYTES) {
                return entry;
            }
        } catch (RuntimeException e) {
            log.warn("message {} cannot be sent to {} ({}): sending a placeholder", m.messageUid(), userId,
                    e.toString());
            return placeholder(m, userId, seq, "{\"reason\":\"unreadable\"}");
        }
        log.warn("message {} is {} bytes, more than a page carries: sending {} a placeholder", m.messageUid(), size,
                userId);
        return placeholder(m, userId, seq, "{\"reason\":\"tooLarge\",\"bytes\":" + size + "}");
    }

    /** Built only from the parts of {@code m} that are present and small: it never fails. */
    static InboxMessage placeholder(StoredMessage m, String userId, long seq, String content) {
        boolean outgoing = userId.equals(m.senderId());
        InboxMessage.Builder b = InboxMessage.newBuilder()
                .setSeq(seq)
                .setConversationTypeValue(m.conversationType())
                .setObjectName(PLACEHOLDER)
                .setContent(content)
                .setSentTime(m.sentTime())
                .setOutgoing(outgoing)
                .setNotPersisted(m.notPersisted())
                .setNotCounted(true);
        String target = m.conversationType() == ConversationType.GROUP_VALUE || outgoing ? m.targetId() : m.senderId();
        if (small(m.messageUid())) {
            b.setMessageUid(m.messageUid());
        }
        if (small(target)) {
            b.setTargetId(target);
        }
        if (small(m.senderId())) {
            b.setSenderUserId(m.senderId());
        }
        if (outgoing && small(m.clientMsgId())) {
            b.setClientMsgId(m.clientMsgId());
        }
        return b.build();
    }

    private static boolean small(String id) {
        return id != null && id.length() <= MAX_PLACEHOLDER_ID_CHARS;
    }
}
