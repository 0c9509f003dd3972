package dev.parley.client;

/**
 * Told when the peer of a private conversation has read the current user's messages sent up
 * to a time; those messages are {@link SentStatus#READ} in the local database by now. Runs on
 * the SDK's callback executor.
 */
@FunctionalInterface
public interface ReadReceiptListener {
    void onReadReceipt(ConversationType type, String targetId, long lastMessageSendTime);
}
