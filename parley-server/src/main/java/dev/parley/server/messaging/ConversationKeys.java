package dev.parley.server.messaging;

import dev.parley.protocol.wire.ConversationType;

/**
 * The key that groups a conversation's messages for history, the same from both sides.
 * User and group ids cannot contain ':' (their character set excludes it).
 */
final class ConversationKeys {
    private ConversationKeys() {
    }

    /** Key of a message sent by {@code sender} to {@code target}. */
    static String of(ConversationType type, String sender, String target) {
        return switch (type) {
            case PRIVATE -> sender.compareTo(target) <= 0 ? "p:" + sender + ":" + target : "p:" + target + ":" + sender;
            case GROUP -> "g:" + target;
            case SYSTEM -> "s:" + sender + ":" + target;
            default -> throw new IllegalArgumentException("unsupported conversation type " + type);
        };
    }

    /** Key of the conversation {@code viewer} sees as ({@code type}, {@code target}). */
    static String seenBy(ConversationType type, String viewer, String target) {
        return switch (type) {
            case PRIVATE -> of(type, viewer, target);
            case GROUP -> "g:" + target;
            case SYSTEM -> "s:" + target + ":" + viewer;
            default -> throw new IllegalArgumentException("unsupported conversation type " + type);
        };
    }
}
