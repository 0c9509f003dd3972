package dev.parley.client;

/**
 * Where a message stands on its way to the server and the peer. Received messages are
 * {@link #SENT}; whether the current user has read them is {@link Message#isRead()}.
 */
public enum SentStatus {
    /** Stored locally, not yet acknowledged by the server; goes out (again) whenever connected. */
    SENDING(10),
    /** The server refused it; {@link SendMessageCallback#onMessageSent} said why. */
    FAILED(20),
    /** Acknowledged by the server: it has a message UID and a server sent time. */
    SENT(30),
    /** A private message the peer has read (they sent a read receipt covering it). */
    READ(50);

    private final int value;

    SentStatus(int value) {
        this.value = value;
    }

    /** The number stored for this status. */
    public int getValue() {
        return value;
    }

    /** The status with this number, or {@code null} if there is none. */
    public static SentStatus fromValue(int value) {
        for (SentStatus s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }
}
