package dev.parley.server.messaging;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.server.store.StoredMessage;

/** Shapes a stored message the way one user sees it. */
final class InboxMessages {
    private InboxMessages() {
    }

    static InboxMessage forUser(StoredMessage m, String userId, long seq) {
        boolean outgoing = m.senderId().equals(userId);
        ConversationType type = ConversationType.forNumber(m.conversationType());
        // Private and system conversations are named after the other side; a group after itself.
        String target = type == ConversationType.GROUP || outgoing ? m.targetId() : m.senderId();
        InboxMessage.Builder b = InboxMessage.newBuilder()
                .setSeq(seq)
                .setMessageUid(m.messageUid())
                .setConversationType(type)
                .setTargetId(target)
                .setSenderUserId(m.senderId())
                .setObjectName(m.objectName())
                .setContent(m.content())
                .setSentTime(m.sentTime())
                .setOutgoing(outgoing)
                .setNotPersisted(m.notPersisted())
                .setNotCounted(m.notCounted())
                .addAllMentionedUserIds(m.mentioned());
        if (outgoing) {
            // Only the sender's own devices need the client id, to match their local copy.
            b.setClientMsgId(m.clientMsgId());
        }
        if (m.pushContent() != null) {
            b.setPushContent(m.pushContent());
        }
        return b.build();
    }
}
