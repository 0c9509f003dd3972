package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Rules for message content that the SDKs and the server apply alike: content is one JSON
 * object of at most {@link Protocol#MAX_CONTENT_BYTES} UTF-8 bytes; a recall notice has a
 * fixed shape.
 */
public final class MessageContent {
    /** Object name of the notice that replaces a recalled message. */
    public static final String RECALL_NOTICE = "RC:RcNtf";
    /**
     * The one mention entry that is not a user id: the message mentions every member of the
     * group (RongCloud's {@code mentionedInfo} type 1, "@all").
     */
    public static final String MENTION_ALL = "@all";

    private static final JsonFactory FACTORY = new JsonFactory();

    private MessageContent() {
    }

    /** Whether {@code text} is exactly one JSON object. Streams the tokens: no tree is built. */
    public static boolean isJsonObject(String text) {
        if (text == null) {
            return false;
        }
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

    /** Bytes of {@code s} in UTF-8, counted without encoding it. */
    public static int utf8Length(String s) {
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

    /** Content of an {@code RC:RcNtf} notice for the recalled message {@code messageUId}. */
    public static String recallNotice(String messageUId, String originalObjectName, long recallTime, String operatorId) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("messageUId", messageUId);
            g.writeStringField("originalObjectName", originalObjectName);
            g.writeNumberField("recallTime", recallTime);
            g.writeStringField("operatorId", operatorId);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
