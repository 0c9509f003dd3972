package dev.parley.server.messaging;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.server.messaging.MessagingService.SendResult;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The users a group message mentions (@): each a user id, or {@link MessageContent#MENTION_ALL}
 * for everyone. Only group messages mention anyone; a client may mention only members of the
 * group, and no list is longer than the group. Listing a user twice mentions them once.
 */
final class Mentions {
    private Mentions() {
    }

    /** The list as stored: without repeats, in the order given; empty for none. */
    static List<String> distinct(List<String> mentioned) {
        return mentioned == null || mentioned.isEmpty() ? List.of() : List.copyOf(new LinkedHashSet<>(mentioned));
    }

    /** Why the list cannot be stored whatever the group, or {@code null}. */
    static SendResult checkShape(ConversationType type, List<String> mentioned) {
        if (mentioned.isEmpty()) {
            return null;
        }
        if (type != ConversationType.GROUP) {
            return invalid("mentions are only for group messages, not " + type);
        }
        if (mentioned.size() > MessageBounds.MAX_MENTIONS) {
            return invalid("more than " + MessageBounds.MAX_MENTIONS + " mentioned users");
        }
        int chars = 0;
        for (String id : mentioned) {
            if (id == null || !(MessageContent.MENTION_ALL.equals(id) || MessageBounds.ID.matcher(id).matches())) {
                return invalid("a mentioned user must be " + MessageContent.MENTION_ALL
                        + " or a user id of 1..64 of [A-Za-z0-9+=_-]");
            }
            chars += id.length();
        }
        if (chars > MessageBounds.MAX_MENTION_CHARS) {
            return invalid("mentioned user ids longer than " + MessageBounds.MAX_MENTION_CHARS
                    + " characters together");
        }
        return null;
    }

    /**
     * Why the list does not fit group {@code groupId} of {@code members}, or {@code null}: a
     * client may mention members only; nobody may mention more users than the group has.
     */
    static SendResult checkMembers(String groupId, List<String> mentioned, List<String> members, boolean fromClient) {
        Set<String> memberSet = new HashSet<>(members);
        int users = 0;
        for (String id : mentioned) {
            if (MessageContent.MENTION_ALL.equals(id)) {
                continue;
            }
            users++;
            if (fromClient && !memberSet.contains(id)) {
                return invalid("mentioned user " + id + " is not a member of group " + groupId);
            }
        }
        if (users > members.size()) {
            return invalid("more mentioned users than group " + groupId + " has members");
        }
        return null;
    }

    private static SendResult invalid(String detail) {
        return SendResult.refused(ErrorCode.INVALID_PARAMETER, detail);
    }
}
