package dev.parley.client;

/**
 * One entry of the conversation list, as kept in the local database: the latest message and
 * how many received messages are unread. An immutable snapshot.
 */
public final class Conversation {
    private final ConversationType conversationType;
    private final String targetId;
    private final Message latestMessage;
    private final int unreadCount;
    private final long latestSentTime;

    /** Made by the SDK; public for apps' own tests. */
    public Conversation(ConversationType conversationType, String targetId, Message latestMessage,
                        int unreadCount, long latestSentTime) {
        this.conversationType = conversationType;
        this.targetId = targetId;
        this.latestMessage = latestMessage;
        this.unreadCount = unreadCount;
        this.latestSentTime = latestSentTime;
    }

    public ConversationType getConversationType() {
        return conversationType;
    }

    public String getTargetId() {
        return targetId;
    }

    /** The newest stored message (a recalled one shows as its {@value ObjectNames#RECALL_NOTICE}); may be null. */
    public Message getLatestMessage() {
        return latestMessage;
    }

    /** Received, counted messages not yet read on any of the current user's devices. */
    public int getUnreadCount() {
        return unreadCount;
    }

    /** Sent time of the newest message (ms); the list is ordered by it, newest first. */
    public long getLatestSentTime() {
        return latestSentTime;
    }

    @Override
    public String toString() {
        return "Conversation[" + conversationType + ":" + targetId + " unread=" + unreadCount
                + " latest=" + latestSentTime + "]";
    }
}
