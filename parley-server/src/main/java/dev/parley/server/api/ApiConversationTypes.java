package dev.parley.server.api;

import dev.parley.protocol.wire.ConversationType;

/**
 * RongCloud's Server API numbers conversation types its own way, unlike the client protocol:
 * 1 private, 2 discussion, 3 group, 4 chatroom, 6 system, 10 ultragroup. Its server SDK
 * sends these ({@code message.group.recall} sends 3), so the API reads them so too.
 */
final class ApiConversationTypes {
    private ApiConversationTypes() {
    }

    /** The conversation type an API number names; 1002 naming the feature if Parley lacks it. */
    static ConversationType parse(String parameter, long number) {
        return switch ((int) number) {
            case 1 -> ConversationType.PRIVATE;
            case 3 -> ConversationType.GROUP;
            case 6 -> ConversationType.SYSTEM;
            case 2 -> throw AbsentFeatures.unsupported(parameter + "=2", "discussions");
            case 4 -> throw AbsentFeatures.unsupported(parameter + "=4", "chatrooms");
            case 10 -> throw AbsentFeatures.unsupported(parameter + "=10", "ultragroups");
            default -> throw ApiException.badParameter(parameter + " must be 1 (private), 3 (group) or 6 (system)");
        };
    }

    /** The API number of a conversation type, for error messages. */
    static int number(ConversationType type) {
        return switch (type) {
            case PRIVATE -> 1;
            case GROUP -> 3;
            case SYSTEM -> 6;
            default -> 0;
        };
    }
}
