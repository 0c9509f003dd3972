package dev.parley.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The JSON the SDK reads and writes itself: the small notices it builds and reads. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The object parsed from {@code content}, or an empty node if it is not a JSON object. */
    static JsonNode tree(String content) {
        try {
            JsonNode node = MAPPER.readTree(content);
            return node != null && node.isObject() ? node : MAPPER.createObjectNode();
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    /** Content of read receipts and read-state syncs. */
    static String readReceipt(long lastMessageSendTime) {
        return MAPPER.createObjectNode().put("lastMessageSendTime", lastMessageSendTime).toString();
    }

    static String typing(String typingContentType) {
        return MAPPER.createObjectNode().put("typingContentType", typingContentType).toString();
    }

    /** A list of user ids as a JSON array, or {@code null} for none. */
    static String idList(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        ArrayNode a = MAPPER.createArrayNode();
        ids.forEach(a::add);
        return a.toString();
    }

    static List<String> parseIdList(String json) {
        if (json == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try {
            MAPPER.readTree(json).forEach(n -> ids.add(n.asText()));
        } catch (IOException e) {
            return List.of();
        }
        return ids;
    }
}
