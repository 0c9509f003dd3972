package dev.parley.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The JSON the SDK reads and writes itself: content checks and the small notices it builds. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** Whether {@code text} is exactly one JSON object. Streams the tokens: no tree is built. */
    static boolean isObject(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Bytes of {@code s} in UTF-8, without encoding it. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
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

    static String recallNotice(String messageUId, String originalObjectName, long recallTime, String operatorId) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("messageUId", messageUId);
        n.put("originalObjectName", originalObjectName);
        n.put("recallTime", recallTime);
        n.put("operatorId", operatorId);
        return n.toString();
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
