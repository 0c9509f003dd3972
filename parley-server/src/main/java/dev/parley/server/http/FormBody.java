package dev.parley.server.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses an {@code application/x-www-form-urlencoded} UTF-8 body; repeated keys become lists. */
public final class FormBody {
    private static final int MAX_PARAMS = 2048;

    private FormBody() {
    }

    /** Throws IllegalArgumentException on malformed percent-encoding. */
    public static Map<String, List<String>> parse(String body) {
        if (body.isEmpty()) {
            return Map.of();
        }
        // ';' is an ordinary character in form values (JSON content, URLs), not a separator.
        Map<String, List<String>> params = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, MAX_PARAMS, true)
                .parameters();
        Map<String, List<String>> out = new HashMap<>(params);
        out.remove("");
        return out;
    }
}
