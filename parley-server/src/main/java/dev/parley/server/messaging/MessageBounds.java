package dev.parley.server.messaging;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.Protocol;
import dev.parley.server.messaging.MessagingService.Outgoing;
import dev.parley.server.messaging.MessagingService.SendResult;
import java.util.regex.Pattern;

/**
 * The bound on every field of a message the node stores, chosen so that any message a send
 * may store, shaped for any user ({@link InboxMessages#forUser}), is at most
 * {@link #MAX_ENTRY_BYTES} and so fits in one sync or history page with room to spare. A
 * message over any bound is refused before it is stored: once acknowledged, it must reach
 * every device, and a message no page can hold would stop a device's sync at it.
 *
 * <p>Worst case, every field at its bound in 3-byte characters (4 for content): content
 * 131,076 bytes, push content 3,075, client id 483, object name 98, the ids and numbers 180,
 * mentions 46,960: 181,872 bytes against {@link #MAX_ENTRY_BYTES} 196,608 and a 262,144-byte
 * frame ({@code MessageBoundsTest} checks it).
 */
final class MessageBounds {
    /** User, group and target ids, as the Server API takes them. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9+=_-]{1,64}");
    static final int MAX_CLIENT_MSG_ID_CHARS = 160;
    static final int MAX_OBJECT_NAME_CHARS = 32;
    static final int MAX_PUSH_CONTENT_CHARS = 1024;
    /** Mentioned ids at most: a group's largest member count. */
    static final int MAX_MENTIONS = MessagingService.MAX_GROUP_MEMBERS;
    /**
     * Characters of all mentioned ids together: 3,000 ids of 13 characters on average, or 640
     * of 64. With 128 KiB of content the entry still fits a page; "@all" mentions everyone.
     */
    static final int MAX_MENTION_CHARS = 40 * 1024;
    /** Largest inbox entry a page carries; a stored entry larger than this is sent as a placeholder. */
    static final int MAX_ENTRY_BYTES = MessagingService.PAGE_BYTES;

    private MessageBounds() {
    }

    /** Why {@code out} cannot be stored as it is, or {@code null} if every field is within its bound. */
    static SendResult check(Outgoing out) {
        if (out.senderId() == null || !ID.matcher(out.senderId()).matches()) {
            return invalid("sender id must be 1..64 of [A-Za-z0-9+=_-]");
        }
        if (out.targetId() == null || !ID.matcher(out.targetId()).matches()) {
            return invalid("target id must be 1..64 of [A-Za-z0-9+=_-]");
        }
        if (out.clientMsgId() == null || out.clientMsgId().isEmpty()
                || out.clientMsgId().length() > MAX_CLIENT_MSG_ID_CHARS) {
            return invalid("client message id must be 1.." + MAX_CLIENT_MSG_ID_CHARS + " characters");
        }
        if (out.objectName() == null || out.objectName().isEmpty()
                || out.objectName().length() > MAX_OBJECT_NAME_CHARS) {
            return invalid("objectName must be 1.." + MAX_OBJECT_NAME_CHARS + " characters");
        }
        if (out.content() == null || MessageContent.utf8Length(out.content()) > Protocol.MAX_CONTENT_BYTES) {
            return SendResult.refused(ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT, "content larger than 128 KiB");
        }
        if (out.pushContent() != null && out.pushContent().length() > MAX_PUSH_CONTENT_CHARS) {
            return invalid("pushContent longer than " + MAX_PUSH_CONTENT_CHARS + " characters");
        }
        // A lone surrogate has no UTF-8 form: the store could not write it and no device could read it.
        String broken = firstUnpairedSurrogate(out);
        if (broken != null) {
            return invalid(broken + " holds an unpaired UTF-16 surrogate (not valid Unicode text)");
        }
        if (!MessageContent.isJsonObject(out.content())) {
            return invalid("content must be a JSON object");
        }
        return null;
    }

    private static String firstUnpairedSurrogate(Outgoing out) {
        if (unpairedSurrogateAt(out.content()) >= 0) {
            return "content";
        }
        if (unpairedSurrogateAt(out.objectName()) >= 0) {
            return "objectName";
        }
        if (unpairedSurrogateAt(out.clientMsgId()) >= 0) {
            return "client message id";
        }
        if (out.pushContent() != null && unpairedSurrogateAt(out.pushContent()) >= 0) {
            return "pushContent";
        }
        return null;
    }

    /** Index of the first surrogate in {@code s} that is not half of a pair; -1 if none. */
    static int unpairedSurrogateAt(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static SendResult invalid(String detail) {
        return SendResult.refused(ErrorCode.INVALID_PARAMETER, detail);
    }
}
