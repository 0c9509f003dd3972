package dev.parley.client;

/** Whether a message was sent by the current user (from any of their devices) or received. */
public enum MessageDirection {
    /** Sent by the current user, from this device, another of their devices or the app server on their behalf. */
    SEND(1),
    /** Sent by someone else. */
    RECEIVE(2);

    private final int value;

    MessageDirection(int value) {
        this.value = value;
    }

    /** The number stored for this direction. */
    public int getValue() {
        return value;
    }

    /** The direction with this number, or {@code null} if there is none. */
    public static MessageDirection fromValue(int value) {
        return value == 1 ? SEND : value == 2 ? RECEIVE : null;
    }
}
