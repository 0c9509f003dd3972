package dev.parley.client;

/**
 * Told of every message that reaches this device: received ones and ones the current user
 * sent from another device or through the app server. Each message once, in the server's
 * order. Not told of messages this device sent (see {@link SendMessageCallback}), typing
 * status, read receipts or recall notices (they have their own listeners). Runs on the SDK's
 * callback executor.
 */
@FunctionalInterface
public interface MessageReceivedListener {
    /**
     * @param message    the message; stored already (has a local id) unless it was sent as not persisted
     * @param left       during the offline sync, how many messages of the current package follow this
     *                   one (0 on the last); 0 for messages arriving live
     * @param offline    true while catching up after a (re)connect, false for live messages
     * @param hasPackage during the offline sync, whether the server holds more packages after this one
     */
    void onReceived(Message message, int left, boolean offline, boolean hasPackage);
}
