package dev.parley.client;

/** Kind of conversation a message belongs to (SPEC §7); the numbers are fixed. */
public enum ConversationType {
    /** One-to-one; the target id is the other user. */
    PRIVATE(1),
    /** A group; the target id is the group id. */
    GROUP(2),
    /** A chat room; the target id is the room id. */
    CHATROOM(3),
    /** Messages from a system account; the target id is that account. */
    SYSTEM(4);

    private final int value;

    ConversationType(int value) {
        this.value = value;
    }

    /** The fixed number of this type. */
    public int getValue() {
        return value;
    }

    /** The type with this number, or {@code null} if there is none. */
    public static ConversationType fromValue(int value) {
        for (ConversationType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
