package dev.parley.client.internal;

import dev.parley.client.Conversation;
import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.MessageDirection;
import dev.parley.client.ObjectNames;
import dev.parley.client.ResultCallback;
import dev.parley.client.SendMessageCallback;
import dev.parley.client.SentStatus;
import dev.parley.client.TextMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.Protocol;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messaging calls of {@link dev.parley.client.ImEngine} as the app sees them: argument
 * checks and synchronous return codes, local reads on the calling thread, and hand-over of
 * everything else to {@link Messaging} on the actor.
 */
final class MessagingApi {
    private static final Logger log = LoggerFactory.getLogger(MessagingApi.class);
    // RongCloud's limit for target ids; user ids are at most 64 as well.
    static final int MAX_TARGET_ID_CHARS = 64;
    static final int MAX_PAGE = 100;

    private final Messaging messaging;
    private final BooleanSupplier destroyed;

    MessagingApi(Messaging messaging, BooleanSupplier destroyed) {
        this.messaging = messaging;
        this.destroyed = destroyed;
    }

    TextMessage createTextMessage(ConversationType type, String targetId, String text, String extra) {
        return (TextMessage) draft(type, targetId, ObjectNames.TEXT, TextMessage.content(text, extra));
    }

    Message createMessage(ConversationType type, String targetId, String objectName, String contentJson) {
        return draft(type, targetId, objectName, contentJson);
    }

    private static Message draft(ConversationType type, String targetId, String objectName, String content) {
        return Message.builder().conversationType(type).targetId(targetId).objectName(objectName).content(content)
                .direction(MessageDirection.SEND).build();
    }

    int sendMessage(Message m, SendMessageCallback cb) {
        if (destroyed.getAsBoolean()) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        if (m == null || cb == null || !validConversation(m.getConversationType(), m.getTargetId())
                || m.getObjectName() == null || m.getObjectName().isEmpty() || !ObjectNames.isSendable(m.getObjectName())
                || m.getContent() == null || !MessageContent.isJsonObject(m.getContent())) {
            return ErrorCode.INVALID_PARAMETER;
        }
        if (MessageContent.utf8Length(m.getContent()) > Protocol.MAX_CONTENT_BYTES) {
            return ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT;
        }
        MessageStore store = messaging.store();
        if (store == null) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        if (m.getMessageId() > 0 && !isOwnFailed(store, m.getMessageId())) {
            return ErrorCode.INVALID_PARAMETER;
        }
        messaging.send(store, m, cb);
        return ErrorCode.SUCCESS;
    }

    private static boolean isOwnFailed(MessageStore store, long id) {
        try {
            Message row = store.byId(id);
            return row != null && row.getDirection() == MessageDirection.SEND && row.getSentStatus() == SentStatus.FAILED;
        } catch (SQLException e) {
            return false;
        }
    }

    int recallMessage(Message m, ResultCallback<Message> cb) {
        if (destroyed.getAsBoolean()) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        if (m == null || cb == null) {
            return ErrorCode.INVALID_PARAMETER;
        }
        MessageStore store = messaging.store();
        if (store == null) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        messaging.recall(store, m, cb);
        return ErrorCode.SUCCESS;
    }

    int sendTypingStatus(ConversationType type, String targetId, String typingContentType) {
        if (destroyed.getAsBoolean()) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        if (!validConversation(type, targetId) || typingContentType == null || typingContentType.isEmpty()) {
            return ErrorCode.INVALID_PARAMETER;
        }
        MessageStore store = messaging.store();
        if (store == null) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        messaging.typing(store, type, targetId, typingContentType);
        return ErrorCode.SUCCESS;
    }

    int clearMessagesUnreadStatus(ConversationType type, String targetId) {
        if (destroyed.getAsBoolean()) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        if (!validConversation(type, targetId)) {
            return ErrorCode.INVALID_PARAMETER;
        }
        MessageStore store = messaging.store();
        if (store == null) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        long upTo;
        try {
            upTo = store.clearUnread(type, targetId);
        } catch (SQLException e) {
            log.warn("Cannot clear unread messages of {}:{}", type, targetId, e);
            return ErrorCode.DATABASE_ERROR;
        }
        if (upTo > 0) {
            messaging.readNotice(store, type, targetId, upTo);
        }
        return ErrorCode.SUCCESS;
    }

    int getRemoteHistoryMessages(ConversationType type, String targetId, long beforeSentTime, int count,
                                 ResultCallback<List<Message>> cb) {
        if (destroyed.getAsBoolean()) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        if (!validConversation(type, targetId) || count <= 0 || cb == null) {
            return ErrorCode.INVALID_PARAMETER;
        }
        MessageStore store = messaging.store();
        if (store == null) {
            return ErrorCode.CLIENT_NOT_INIT;
        }
        messaging.remoteHistory(store, type, targetId, beforeSentTime, Math.min(count, MAX_PAGE), cb);
        return ErrorCode.SUCCESS;
    }

    // ---- synchronous local reads: an empty answer when there is nothing to read from ----

    List<Conversation> getConversationList() {
        MessageStore store = openStore();
        return store == null ? List.of() : read(store::conversations, List.of());
    }

    Conversation getConversation(ConversationType type, String targetId) {
        MessageStore store = openStore();
        return store == null || !validConversation(type, targetId) ? null
                : read(() -> store.conversation(type, targetId), null);
    }

    int getUnreadCount(ConversationType type, String targetId) {
        MessageStore store = openStore();
        return store == null || !validConversation(type, targetId) ? 0
                : read(() -> store.unreadCount(type, targetId), 0);
    }

    int getTotalUnreadCount() {
        MessageStore store = openStore();
        return store == null ? 0 : read(store::totalUnreadCount, 0);
    }

    Message getMessage(long messageId) {
        MessageStore store = openStore();
        return store == null || messageId <= 0 ? null : read(() -> store.byId(messageId), null);
    }

    List<Message> getHistoryMessages(ConversationType type, String targetId, long beforeMessageId, int count) {
        MessageStore store = openStore();
        if (store == null || !validConversation(type, targetId) || count <= 0) {
            return List.of();
        }
        return read(() -> store.history(type, targetId, beforeMessageId, Math.min(count, MAX_PAGE)), List.of());
    }

    private MessageStore openStore() {
        return destroyed.getAsBoolean() ? null : messaging.store();
    }

    private static boolean validConversation(ConversationType type, String targetId) {
        return type != null && targetId != null && !targetId.isEmpty() && targetId.length() <= MAX_TARGET_ID_CHARS;
    }

    private interface Read<T> {
        T run() throws SQLException;
    }

    private static <T> T read(Read<T> read, T fallback) {
        try {
            return read.run();
        } catch (SQLException e) {
            // Also what a read racing destroy() sees: the connection just closed.
            log.debug("Local read failed", e);
            return fallback;
        }
    }
}
