package dev.parley.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@value ObjectNames#TEXT} message: content {@code {"content":"<text>","extra":"<extra>"}},
 * {@code extra} being optional app data not shown to users.
 */
public final class TextMessage extends Message {
    private static final ObjectMapper JSON = new ObjectMapper();

    // Parsed on first use: the SDK makes several snapshots of each message on its way, and
    // many apps (a load generator, a list showing only the latest) never read most texts.
    private volatile Parsed parsed;

    private record Parsed(String text, String extra) {
    }

    TextMessage(Builder b) {
        super(b);
    }

    /** The text; empty (never null) if the content has none. */
    public String getText() {
        return parsed().text;
    }

    /** The extra app data, or {@code null} if none. */
    public String getExtra() {
        return parsed().extra;
    }

    private Parsed parsed() {
        Parsed p = parsed;
        if (p == null) {
            p = parse(getContent());
            parsed = p;
        }
        return p;
    }

    private static Parsed parse(String content) {
        if (content != null) {
            try {
                JsonNode node = JSON.readTree(content);
                if (node != null && node.isObject()) {
                    return new Parsed(node.path("content").asText(""),
                            node.hasNonNull("extra") ? node.get("extra").asText() : null);
                }
            } catch (JsonProcessingException e) {
                // Malformed content from another client: show it as empty text rather than fail.
            }
        }
        return new Parsed("", null);
    }

    /**
     * The content JSON of a text message.
     *
     * @param text  the text; {@code null} is taken as empty
     * @param extra app data, or {@code null} to leave it out
     */
    public static String content(String text, String extra) {
        ObjectNode node = JSON.createObjectNode();
        node.put("content", text == null ? "" : text);
        if (extra != null) {
            node.put("extra", extra);
        }
        return node.toString();
    }
}
