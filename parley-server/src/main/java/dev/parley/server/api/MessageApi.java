package dev.parley.server.api;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.messaging.MessagingService.Outgoing;
import dev.parley.server.messaging.MessagingService.SendResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The message endpoints: publish private, system, group and status messages; recall. */
public final class MessageApi {
    private static final int MAX_PRIVATE_TARGETS = 1000;
    private static final int MAX_SYSTEM_TARGETS = 1000;
    private static final int MAX_GROUP_TARGETS = 3;
    private static final int MAX_CONTENT_CHARS = 128 * 1024;
    private static final long STORE_TIMEOUT_SECONDS = 30;

    private final MessagingService messaging;

    public MessageApi(MessagingService messaging) {
        this.messaging = messaging;
    }

    public void registerOn(ApiDispatcher api) {
        api.register("/message/private/publish.json", r -> publish(r, ConversationType.PRIVATE, "toUserId",
                        MAX_PRIVATE_TARGETS, "userId"))
           .register("/message/system/publish.json", r -> publish(r, ConversationType.SYSTEM, "toUserId",
                        MAX_SYSTEM_TARGETS, "userId"))
           .register("/message/group/publish.json", r -> publish(r, ConversationType.GROUP, "toGroupId",
                        MAX_GROUP_TARGETS, "groupId"))
           .register("/statusmessage/private/publish.json", this::publishStatus)
           .register("/message/recall.json", this::recall);
    }

    /** One stored message per target, sent as {@code fromUserId}; answers each target's messageUID. */
    Map<String, Object> publish(ApiRequest r, ConversationType type, String targetParam, int maxTargets,
                                String targetKey) {
        String from = r.userId("fromUserId");
        List<String> targets = r.userIds(targetParam, maxTargets);
        String objectName = r.required("objectName", 32);
        String content = r.required("content", MAX_CONTENT_CHARS);
        String pushContent = r.optional("pushContent", 1024);
        boolean persisted = flag(r, "isPersisted", true);
        boolean counted = flag(r, "isCounted", true);
        boolean includeSender = type != ConversationType.SYSTEM && flag(r, "isIncludeSender", false);
        String msgRandom = r.optional("msgRandom", 64);
        List<CompletableFuture<SendResult>> sends = new ArrayList<>();
        for (String target : targets) {
            // msgRandom makes a retried call idempotent: same key, same stored message.
            String clientId = "api:" + (msgRandom != null ? msgRandom : UUID.randomUUID().toString()) + ":" + target;
            sends.add(messaging.send(new Outgoing(r.app().appKey(), from, clientId, type, target, objectName, content,
                    pushContent, !persisted, !counted, List.of(), includeSender, false, false, null)));
        }
        List<Map<String, Object>> uids = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            SendResult result = await(sends.get(i));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(targetKey, targets.get(i));
            entry.put("messageUID", result.messageUid());
            uids.add(entry);
        }
        return Map.of("messageUIDs", uids);
    }

    Map<String, Object> publishStatus(ApiRequest r) {
        String from = r.userId("fromUserId");
        List<String> targets = r.userIds("toUserId", MAX_PRIVATE_TARGETS);
        String objectName = r.required("objectName", 32);
        String content = r.required("content", MAX_CONTENT_CHARS);
        for (String target : targets) {
            check(messaging.sendStatus(new Outgoing(r.app().appKey(), from, "status:" + UUID.randomUUID(),
                    ConversationType.PRIVATE, target, objectName, content, null, true, true, List.of(), false, false,
                    false, null), null));
        }
        return Map.of();
    }

    Map<String, Object> recall(ApiRequest r) {
        String from = r.userId("fromUserId");
        String uid = r.required("messageUID", 64);
        await(messaging.recall(r.app().appKey(), from, uid));
        return Map.of();
    }

    private static boolean flag(ApiRequest r, String name, boolean dflt) {
        String v = r.optional(name, 1);
        if (v == null) {
            return dflt;
        }
        if (!v.equals("0") && !v.equals("1")) {
            throw ApiException.badParameter(name + " must be 0 or 1");
        }
        return v.equals("1");
    }

    private static SendResult await(CompletableFuture<SendResult> f) {
        try {
            return check(f.get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("interrupted");
        } catch (ExecutionException | TimeoutException e) {
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
