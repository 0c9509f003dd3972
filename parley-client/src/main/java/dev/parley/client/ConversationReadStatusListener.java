package dev.parley.client;

/**
 * Told when another device of the current user read a conversation, so this device cleared
 * that conversation's unread messages too. Refresh its badge. Runs on the SDK's callback
 * executor.
 */
@FunctionalInterface
public interface ConversationReadStatusListener {
    void onConversationRead(ConversationType type, String targetId);
}
