package dev.parley.server.gateway;

/** What the Server API may ask of live sessions: presence and forced disconnects. */
public interface SessionControl {
    boolean isOnline(String appKey, String userId);

    /** Ends every live session of the user with {@code code}; returns how many there were. */
    int kickUser(String appKey, String userId, int code, String detail);

    /**
     * The users' blocks or token revocations changed in the database: every node that admits
     * connections must know before the change is reported done. Nothing to do on the embedded
     * node, whose restrictions cache was just refreshed.
     */
    default void restrictionsChanged(String appKey) {
    }
}
