package dev.parley.client.internal;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.MessageDirection;
import dev.parley.client.SentStatus;
import dev.parley.protocol.wire.InboxMessage;

/** Translations between the API's values and the wire schema's. */
final class Wire {
    private Wire() {
    }

    static dev.parley.protocol.wire.ConversationType toWire(ConversationType type) {
        return switch (type) {
            case PRIVATE -> dev.parley.protocol.wire.ConversationType.PRIVATE;
            case GROUP -> dev.parley.protocol.wire.ConversationType.GROUP;
            case CHATROOM -> dev.parley.protocol.wire.ConversationType.CHATROOM;
            case SYSTEM -> dev.parley.protocol.wire.ConversationType.SYSTEM;
        };
    }

    /** The API type, or {@code null} for a type this SDK does not know. */
    static ConversationType fromWire(dev.parley.protocol.wire.ConversationType type) {
        return ConversationType.fromValue(type.getNumber());
    }

    /** A message as it arrived, before (or without) storing: no local id. */
    static Message message(InboxMessage m, String me) {
        MessageDirection direction = isMine(m, me) ? MessageDirection.SEND : MessageDirection.RECEIVE;
        return Message.builder()
                .conversationType(fromWire(m.getConversationType()))
                .targetId(m.getTargetId())
                .senderUserId(m.getSenderUserId())
                .objectName(m.getObjectName())
                .content(m.getContent())
                .messageUId(emptyToNull(m.getMessageUid()))
                .sentTime(m.getSentTime())
                .direction(direction)
                .clientMessageId(direction == MessageDirection.SEND ? emptyToNull(m.getClientMsgId()) : null)
                .sentStatus(SentStatus.SENT)
                .mentionedUserIds(m.getMentionedUserIdsList())
                .build();
    }

    static boolean isMine(InboxMessage m, String me) {
        return m.getOutgoing() || m.getSenderUserId().equals(me);
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
