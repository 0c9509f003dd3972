package dev.parley.server.gateway;

/** What the Server API may ask of live sessions: presence and forced disconnects. */
public interface SessionControl {
    boolean isOnline(String appKey, String userId);

    /** Ends every live session of the user with {@code code}; returns how many there were. */
    int kickUser(String appKey, String userId, int code, String detail);
}
