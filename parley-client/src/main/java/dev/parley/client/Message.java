package dev.parley.client;

import java.util.List;
import java.util.Objects;

/**
 * One message, as an immutable snapshot. The SDK hands out a new snapshot whenever a message
 * changes (saved locally, acknowledged, read, recalled), so hold on to the latest one you were
 * given, or read it again with {@link ImEngine#getMessage(long)}.
 *
 * <p>Messages to send come from {@link ImEngine#createTextMessage} or
 * {@link ImEngine#createMessage}. {@link #toBuilder()} adjusts one before sending (for
 * example {@link Builder#mentionedUserIds}); {@link #builder()} exists for the SDK and for
 * apps' own tests. Messages of type {@value ObjectNames#TEXT} are always {@link TextMessage}s.
 */
public class Message {
    /**
     * How a mention of everyone travels in a mention list (on the wire, in the local
     * database): never a user id, since user ids cannot contain {@code @}.
     */
    public static final String MENTION_ALL = dev.parley.protocol.MessageContent.MENTION_ALL;

    private final ConversationType conversationType;
    private final String targetId;
    private final String senderUserId;
    private final String objectName;
    private final String content;
    private final long messageId;
    private final String messageUId;
    private final long sentTime;
    private final MessageDirection direction;
    private final String clientMessageId;
    private final SentStatus sentStatus;
    private final boolean read;
    private final List<String> mentionedUserIds;
    private final boolean mentionedAll;

    // Package-private: the only subclass is TextMessage, built through Builder.build().
    Message(Builder b) {
        this.conversationType = b.conversationType;
        this.targetId = b.targetId;
        this.senderUserId = b.senderUserId;
        this.objectName = b.objectName;
        this.content = b.content;
        this.messageId = b.messageId;
        this.messageUId = b.messageUId;
        this.sentTime = b.sentTime;
        this.direction = b.direction;
        this.clientMessageId = b.clientMessageId;
        this.sentStatus = b.sentStatus;
        this.read = b.read;
        List<String> mentions = b.mentionedUserIds == null ? List.of() : b.mentionedUserIds;
        this.mentionedUserIds = mentions.stream().filter(id -> !MENTION_ALL.equals(id)).toList();
        this.mentionedAll = b.mentionedAll || mentions.contains(MENTION_ALL);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this message's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.conversationType = conversationType;
        b.targetId = targetId;
        b.senderUserId = senderUserId;
        b.objectName = objectName;
        b.content = content;
        b.messageId = messageId;
        b.messageUId = messageUId;
        b.sentTime = sentTime;
        b.direction = direction;
        b.clientMessageId = clientMessageId;
        b.sentStatus = sentStatus;
        b.read = read;
        b.mentionedUserIds = mentionedUserIds;
        b.mentionedAll = mentionedAll;
        return b;
    }

    /** The conversation's type. */
    public ConversationType getConversationType() {
        return conversationType;
    }

    /** The conversation's target from the current user's side: the peer, group, room or system account. */
    public String getTargetId() {
        return targetId;
    }

    /** Who sent it; the current user for {@link MessageDirection#SEND}. {@code null} on an unsent draft. */
    public String getSenderUserId() {
        return senderUserId;
    }

    /** The message type, e.g. {@value ObjectNames#TEXT}. */
    public String getObjectName() {
        return objectName;
    }

    /** The content as JSON text. */
    public String getContent() {
        return content;
    }

    /** Local id in this device's database; 0 if not stored (drafts, messages that are not persisted). */
    public long getMessageId() {
        return messageId;
    }

    /** The server's id, unique per app; {@code null} until the server acknowledged the message. */
    public String getMessageUId() {
        return messageUId;
    }

    /**
     * Server time the message was sent (ms). Before the ack, the local estimate of server time
     * when it was saved; 0 on a draft.
     */
    public long getSentTime() {
        return sentTime;
    }

    /** Sent by the current user or received. */
    public MessageDirection getDirection() {
        return direction;
    }

    /** The sender's idempotency key ({@code null} on drafts and on others' messages). */
    public String getClientMessageId() {
        return clientMessageId;
    }

    /** Progress of a sent message; {@link SentStatus#SENT} for received ones. {@code null} on a draft. */
    public SentStatus getSentStatus() {
        return sentStatus;
    }

    /** A received message the current user has read (on any of their devices). Always false for sent ones. */
    public boolean isRead() {
        return read;
    }

    /**
     * Users mentioned (@) by id in this message; empty if none. Only real user ids: a
     * mention of everyone is told by {@link #isMentionedAll()}.
     */
    public List<String> getMentionedUserIds() {
        return mentionedUserIds;
    }

    /** Whether this message mentions everyone in the group (@all). */
    public boolean isMentionedAll() {
        return mentionedAll;
    }

    /**
     * The mention list as it travels and is stored: the user ids, then {@link #MENTION_ALL}
     * if everyone is mentioned.
     */
    public List<String> getMentions() {
        if (!mentionedAll) {
            return mentionedUserIds;
        }
        List<String> all = new java.util.ArrayList<>(mentionedUserIds);
        all.add(MENTION_ALL);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + conversationType + ":" + targetId + " id=" + messageId
                + " uid=" + messageUId + " " + objectName + " " + direction + " " + sentStatus
                + " from=" + senderUserId + " t=" + sentTime + "]";
    }

    /** Builds a {@link Message}; a {@value ObjectNames#TEXT} message comes out as a {@link TextMessage}. */
    public static final class Builder {
        private ConversationType conversationType;
        private String targetId;
        private String senderUserId;
        private String objectName;
        private String content;
        private long messageId;
        private String messageUId;
        private long sentTime;
        private MessageDirection direction = MessageDirection.SEND;
        private String clientMessageId;
        private SentStatus sentStatus;
        private boolean read;
        private List<String> mentionedUserIds;
        private boolean mentionedAll;

        private Builder() {
        }

        public Builder conversationType(ConversationType conversationType) {
            this.conversationType = conversationType;
            return this;
        }

        public Builder targetId(String targetId) {
            this.targetId = targetId;
            return this;
        }

        public Builder senderUserId(String senderUserId) {
            this.senderUserId = senderUserId;
            return this;
        }

        public Builder objectName(String objectName) {
            this.objectName = objectName;
            return this;
        }

        /** JSON text. */
        public Builder content(String content) {
            this.content = content;
            return this;
        }

        public Builder messageId(long messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder messageUId(String messageUId) {
            this.messageUId = messageUId;
            return this;
        }

        public Builder sentTime(long sentTime) {
            this.sentTime = sentTime;
            return this;
        }

        public Builder direction(MessageDirection direction) {
            this.direction = direction;
            return this;
        }

        public Builder clientMessageId(String clientMessageId) {
            this.clientMessageId = clientMessageId;
            return this;
        }

        public Builder sentStatus(SentStatus sentStatus) {
            this.sentStatus = sentStatus;
            return this;
        }

        public Builder read(boolean read) {
            this.read = read;
            return this;
        }

        /**
         * Users to mention (@); they are told even in muted conversations, where the server
         * supports it. A {@link #MENTION_ALL} entry means {@link #mentionedAll(boolean) mentionedAll(true)}.
         */
        public Builder mentionedUserIds(List<String> mentionedUserIds) {
            this.mentionedUserIds = mentionedUserIds;
            return this;
        }

        /** Mentions everyone in the group (@all), besides any users mentioned by id. */
        public Builder mentionedAll(boolean mentionedAll) {
            this.mentionedAll = mentionedAll;
            return this;
        }

        /** The message; a {@link TextMessage} if the object name is {@value ObjectNames#TEXT}. */
        public Message build() {
            return Objects.equals(objectName, ObjectNames.TEXT) ? new TextMessage(this) : new Message(this);
        }
    }
}
