package dev.parley.client;

/**
 * Told when someone is typing in a conversation ({@value ObjectNames#TYPING_STATUS}). Typing
 * status is live only: never stored, never synced. A sender repeats it at most every few
 * seconds while typing, so show the indicator for about six seconds after the last call.
 * Runs on the SDK's callback executor.
 */
@FunctionalInterface
public interface TypingStatusListener {
    /**
     * @param typingContentType object name of what is being typed, e.g. {@value ObjectNames#TEXT}
     * @param sentTime          server time of the status (ms)
     */
    void onTyping(ConversationType type, String targetId, String userId, String typingContentType, long sentTime);
}
