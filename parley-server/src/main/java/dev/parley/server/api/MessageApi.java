package dev.parley.server.api;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.messaging.MessagingService.Outgoing;
import dev.parley.server.messaging.MessagingService.SendResult;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.StoreUnavailableException;
import dev.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The message endpoints: publish private, system, group and status messages; recall. They
 * read RongCloud's parameters: what Parley can do is done, what it cannot is refused by name
 * (see {@link AbsentFeatures}), never accepted and dropped.
 */
public final class MessageApi {
    private static final int MAX_PRIVATE_TARGETS = 1000;
    private static final int MAX_SYSTEM_TARGETS = 1000;
    private static final int MAX_GROUP_TARGETS = 3;
    private static final int MAX_CONTENT_CHARS = 128 * 1024;
    private static final long STORE_TIMEOUT_SECONDS = 30;

    private final MessagingService messaging;
    private final MessageStore store;

    public MessageApi(MessagingService messaging, MessageStore store) {
        this.messaging = messaging;
        this.store = store;
    }

    public void registerOn(ApiDispatcher api) {
        api.register("/message/private/publish.json", r -> publish(r, ConversationType.PRIVATE, "toUserId",
                        MAX_PRIVATE_TARGETS, "userId"))
           .register("/message/system/publish.json", r -> publish(r, ConversationType.SYSTEM, "toUserId",
                        MAX_SYSTEM_TARGETS, "userId"))
           .register("/message/group/publish.json", r -> publish(r, ConversationType.GROUP, "toGroupId",
                        MAX_GROUP_TARGETS, "groupId"))
           .register("/statusmessage/private/publish.json", r -> publishStatus(r, ConversationType.PRIVATE,
                        "toUserId", MAX_PRIVATE_TARGETS))
           .register("/statusmessage/group/publish.json", r -> publishStatus(r, ConversationType.GROUP,
                        "toGroupId", MAX_GROUP_TARGETS))
           .register("/message/recall.json", this::recall);
    }

    /**
     * One stored message per target, sent as {@code fromUserId}; answers each target's
     * messageUID. A RongCloud status type (typing) is not stored but goes to online devices.
     */
    Map<String, Object> publish(ApiRequest r, ConversationType type, String targetParam, int maxTargets,
                                String targetKey) {
        String from = r.userId("fromUserId");
        List<String> targets = r.userIds(targetParam, maxTargets);
        String objectName = r.required("objectName", 32);
        String content = r.required("content", MAX_CONTENT_CHARS);
        String pushContent = r.optional("pushContent", 1024);
        AbsentFeatures.checkPublish(r);
        List<String> directedTo = type == ConversationType.GROUP ? directedTo(r, targets) : null;
        List<String> mentioned = mentioned(r, type, content);
        if (StatusObjectNames.isStatus(objectName)) {
            return publishAsStatus(r, type, from, targets, objectName, content, directedTo, mentioned, targetKey);
        }
        boolean persisted = r.flag("isPersisted", true);
        boolean counted = r.flag("isCounted", true);
        boolean includeSender = r.flag("isIncludeSender", false);
        if (includeSender && type == ConversationType.SYSTEM) {
            throw ApiException.badParameter("isIncludeSender=1: a system message has no copy for its sender");
        }
        String msgRandom = r.optional("msgRandom", 64);
        List<CompletableFuture<SendResult>> sends = new ArrayList<>();
        for (String target : targets) {
            // msgRandom makes a retried call idempotent: same key, same stored message.
            String clientId = "api:" + (msgRandom != null ? msgRandom : UUID.randomUUID().toString()) + ":" + target;
            sends.add(messaging.send(new Outgoing(r.app().appKey(), from, clientId, type, target, objectName, content,
                    pushContent, !persisted, !counted, mentioned, includeSender, false, false, directedTo)));
        }
        List<Map<String, Object>> uids = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            uids.add(uidEntry(targetKey, targets.get(i), await(sends.get(i))));
        }
        return Map.of("messageUIDs", uids);
    }

    /**
     * {@code toUserId} on a group publish (RongCloud's {@code sendDirection}): only those of
     * them who are members get the message; {@code null} when absent (every member).
     */
    private static List<String> directedTo(ApiRequest r, List<String> groups) {
        List<String> users = r.optionalUserIds("toUserId", MessagingService.MAX_GROUP_MEMBERS);
        if (users != null && groups.size() != 1) {
            throw ApiException.badParameter("toUserId directs a message within one group: give exactly one toGroupId");
        }
        return users;
    }

    /** The mention list of a publish: RongCloud's mentionedInfo in the content when isMentioned=1. */
    private static List<String> mentioned(ApiRequest r, ConversationType type, String content) {
        if (!r.flag("isMentioned", false)) {
            return List.of();
        }
        if (type != ConversationType.GROUP) {
            throw ApiException.badParameter("isMentioned=1: mentions are only for group messages");
        }
        return MentionedInfo.parse(content);
    }

    private Map<String, Object> publishAsStatus(ApiRequest r, ConversationType type, String from, List<String> targets,
                                                String objectName, String content, List<String> directedTo,
                                                List<String> mentioned, String targetKey) {
        checkStatusFlags(r, objectName);
        if (!mentioned.isEmpty()) {
            throw ApiException.badParameter(objectName + " is a status message: it cannot mention anyone");
        }
        List<Map<String, Object>> uids = new ArrayList<>();
        for (String target : targets) {
            uids.add(uidEntry(targetKey, target, sendStatus(r, type, from, target, objectName, content, directedTo)));
        }
        return Map.of("messageUIDs", uids);
    }

    /** Online devices only, never stored (RongCloud's status message endpoints). */
    Map<String, Object> publishStatus(ApiRequest r, ConversationType type, String targetParam, int maxTargets) {
        String from = r.userId("fromUserId");
        List<String> targets = r.userIds(targetParam, maxTargets);
        String objectName = r.required("objectName", 32);
        String content = r.required("content", MAX_CONTENT_CHARS);
        AbsentFeatures.checkPublish(r);
        checkStatusFlags(r, objectName);
        for (String target : targets) {
            sendStatus(r, type, from, target, objectName, content, null);
        }
        return Map.of();
    }

    /** A status message is never stored or counted, and never goes to the sender's own devices. */
    private static void checkStatusFlags(ApiRequest r, String objectName) {
        if (r.flag("isPersisted", false) || r.flag("isCounted", false)) {
            throw ApiException.badParameter(objectName + " is a status message: it is never stored or counted, "
                    + "so isPersisted and isCounted must be 0");
        }
        if (r.flag("isIncludeSender", false)) {
            throw ApiException.badParameter(objectName + " is a status message: it does not go to the sender's "
                    + "own devices, so isIncludeSender must be 0");
        }
    }

    private SendResult sendStatus(ApiRequest r, ConversationType type, String from, String target, String objectName,
                                  String content, List<String> directedTo) {
        return check(messaging.sendStatus(new Outgoing(r.app().appKey(), from, "status:" + UUID.randomUUID(), type,
                target, objectName, content, null, true, true, List.of(), false, false, false, directedTo), null));
    }

    private static Map<String, Object> uidEntry(String targetKey, String target, SendResult result) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(targetKey, target);
        entry.put("messageUID", result.messageUid());
        return entry;
    }

    /**
     * Recalls {@code messageUID}, sent by {@code fromUserId}. {@code conversationType} and
     * {@code targetId}, when given, must name the message's conversation; {@code sentTime}
     * is read for compatibility (the messageUID alone identifies the message). What Parley's
     * recall cannot do is refused: no notice ({@code isDelete=1}), an admin notice
     * ({@code isAdmin=1}), {@code extra} in the notice.
     */
    Map<String, Object> recall(ApiRequest r) {
        String from = r.userId("fromUserId");
        String uid = r.required("messageUID", 64);
        ConversationType type = r.has("conversationType")
                ? ApiConversationTypes.parse("conversationType", r.requiredLong("conversationType", 0, 99)) : null;
        String targetId = r.has("targetId") ? r.userId("targetId") : null;
        if (r.has("sentTime")) {
            r.requiredLong("sentTime", 0, Long.MAX_VALUE);
        }
        // No push is ever sent, so a recall's push is already disabled; the value must still be valid.
        r.flag("disablePush", false);
        if (r.flag("isDelete", false)) {
            throw ApiException.badParameter("isDelete=1: recalling without leaving a recall notice is not supported "
                    + "by this Parley version");
        }
        if (r.flag("isAdmin", false)) {
            throw AbsentFeatures.unsupported("isAdmin=1", "admin recall notices");
        }
        if (r.has("extra")) {
            throw ApiException.badParameter(
                    "extra: extra data in recall notices is not supported by this Parley version");
        }
        if (type != null || targetId != null) {
            checkConversation(r, from, uid, type, targetId);
        }
        await(messaging.recall(r.app().appKey(), from, uid));
        return Map.of();
    }

    private void checkConversation(ApiRequest r, String from, String uid, ConversationType type, String targetId) {
        Optional<StoredMessage> found = store.find(r.app().appKey(), uid);
        if (found.isEmpty() || !found.get().senderId().equals(from)) {
            return; // the recall itself answers "no such message" or "not sent by fromUserId"
        }
        StoredMessage m = found.get();
        ConversationType actual = ConversationType.forNumber(m.conversationType());
        if (type != null && type != actual) {
            throw ApiException.badParameter("messageUID is a message of conversationType "
                    + ApiConversationTypes.number(actual) + ", not " + ApiConversationTypes.number(type));
        }
        if (targetId != null && !targetId.equals(m.targetId())) {
            throw ApiException.badParameter(
                    "messageUID is not a message of the conversation with targetId " + targetId);
        }
    }

    private static SendResult await(CompletableFuture<SendResult> f) {
        try {
            return check(f.get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("interrupted");
        } catch (ExecutionException e) {
            throw ApiException.internal(e.getCause() instanceof StoreUnavailableException
                    ? "storage unavailable: the message was not stored, send it again later"
                    : "storing the message failed");
        } catch (TimeoutException e) {
            throw ApiException.internal("storing the message failed");
        }
    }

    /** Maps a messaging refusal to the Server API's error codes. */
    private static SendResult check(SendResult r) {
        return switch (r.code()) {
            case ErrorCode.SUCCESS -> r;
            case ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT -> throw ApiException.tooLong("content larger than 128 KiB");
            case ErrorCode.RC_MSG_SEND_FAIL -> throw ApiException.rateLimited(r.detail());
            case ErrorCode.RECALL_NOT_OWN_MESSAGE -> throw ApiException.badParameter(
                    "messageUID was not sent by fromUserId");
            default -> throw ApiException.badParameter(r.detail());
        };
    }
}
