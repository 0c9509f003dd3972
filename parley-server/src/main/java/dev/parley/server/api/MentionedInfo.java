package dev.parley.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.MessageContent;
import dev.parley.server.messaging.MessagingService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RongCloud's mention inside a message's content, as its server SDK sends it with
 * {@code isMentioned=1}: {@code {"mentionedInfo":{"type":1|2,"userIdList":[..],"mentionedContent":".."}}}.
 * Type 1 mentions everyone ({@link MessageContent#MENTION_ALL}), type 2 the listed users.
 */
final class MentionedInfo {
    static final int ALL = 1;
    static final int USERS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MentionedInfo() {
    }

    /** The mention list a message carries: {@code ["@all"]} or the user ids; 1002 if malformed. */
    static List<String> parse(String content) {
        JsonNode info;
        try {
            info = JSON.readTree(content).path("mentionedInfo");
        } catch (JsonProcessingException e) {
            throw ApiException.badParameter("content must be a JSON object");
        }
        if (!info.isObject()) {
            throw ApiException.badParameter("isMentioned=1 needs a mentionedInfo object in content");
        }
        JsonNode type = info.path("type");
        if (!type.canConvertToInt() || !type.isIntegralNumber()) {
            throw ApiException.badParameter("mentionedInfo.type must be 1 (everyone) or 2 (the users in userIdList)");
        }
        return switch (type.intValue()) {
            case ALL -> List.of(MessageContent.MENTION_ALL);
            case USERS -> users(info.path("userIdList"));
            default -> throw ApiException.badParameter(
                    "mentionedInfo.type must be 1 (everyone) or 2 (the users in userIdList)");
        };
    }

    private static List<String> users(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw ApiException.badParameter("mentionedInfo type 2 needs a non-empty userIdList");
        }
        if (list.size() > MessagingService.MAX_GROUP_MEMBERS) {
            throw ApiException.badParameter("mentionedInfo.userIdList has more than "
                    + MessagingService.MAX_GROUP_MEMBERS + " entries");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : list) {
            if (!id.isTextual() || !ApiRequest.USER_ID.matcher(id.textValue()).matches()) {
                throw ApiException.badParameter("mentionedInfo.userIdList holds user ids: 1..64 of [A-Za-z0-9+=_-]");
            }
            ids.add(id.textValue());
        }
        return new ArrayList<>(ids);
    }
}
