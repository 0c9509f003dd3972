package dev.parley.server.api;

import java.util.Set;

/**
 * RongCloud's built-in status message types: its client SDKs tag them as status messages
 * (never stored, never counted, for online devices only) whichever endpoint sent them, so
 * {@code msgPrivate.sendTypingStatusMessage}, which publishes {@code RC:TypSts} through the
 * ordinary publish endpoint, must not leave a stored message behind.
 */
final class StatusObjectNames {
    private static final Set<String> NAMES = Set.of(
            "RC:TypSts",        // typing
            "RC:RL",            // real-time location sharing status
            "RC:InterceptMsg",  // moderation notice
            "RC:ChrmSyncMsg", "RC:ChrmBlockMsg", "RC:ChrmMemChange");  // chatroom state

    private StatusObjectNames() {
    }

    static boolean isStatus(String objectName) {
        return NAMES.contains(objectName);
    }
}
