package dev.parley.server.store;

import java.util.List;

/**
 * A message as stored once, whoever receives it.
 *
 * @param conversationKey the conversation it belongs to, the same for both sides (see
 *                        {@code messaging.ConversationKeys})
 * @param flags           {@link #NOT_PERSISTED} and {@link #NOT_COUNTED} bits
 */
public record StoredMessage(String appKey, String messageUid, String senderId, String clientMsgId,
                            int conversationType, String targetId, String conversationKey, String objectName,
                            String content, String pushContent, int flags, List<String> mentioned, long sentTime) {
    public static final int NOT_PERSISTED = 1;
    public static final int NOT_COUNTED = 2;

    public boolean notPersisted() {
        return (flags & NOT_PERSISTED) != 0;
    }

    public boolean notCounted() {
        return (flags & NOT_COUNTED) != 0;
    }
}
