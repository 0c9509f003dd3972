package dev.parley.client;

/**
 * Told when a stored message was recalled by its sender (someone else, or the current user on
 * another device). The message keeps its local id and UID; locally it has become a
 * {@value ObjectNames#RECALL_NOTICE} whose content names the recall. If it was unread, the
 * unread count has dropped already. Runs on the SDK's callback executor.
 */
@FunctionalInterface
public interface MessageRecalledListener {
    /** @param message the recalled message as now stored, object name {@value ObjectNames#RECALL_NOTICE} */
    void onMessageRecalled(Message message);
}
