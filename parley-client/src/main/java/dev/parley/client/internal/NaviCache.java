package dev.parley.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The last navigation answer that led to a connection, kept in the user's local database
 * ({@code meta} row {@value #KEY}) so that the next engine for this user skips the
 * navigation round trip. An entry is only used for the same navigation server and the same
 * token (the database file already belongs to one App Key and user), and only within its
 * lifetime. The token itself is never stored: only its SHA-256.
 *
 * <p>The entry is a hint, never the truth: the gateway still checks the token, and the
 * {@link ConnectionMachine} forgets the entry as soon as a gateway it names fails.
 */
final class NaviCache {
    static final String KEY = "navi_cache";
    private static final int FORMAT = 1;

    private NaviCache() {
    }

    /**
     * The stored answer for {@code naviServer} and {@code token}, if one was saved less than
     * {@code lifetime} before {@code nowMillis}. An unreadable or foreign entry counts as none.
     */
    static Optional<NaviResult> load(LocalStore store, String naviServer, String token, Duration lifetime,
                                     long nowMillis) throws SQLException {
        if (lifetime.isZero() || lifetime.isNegative()) {
            return Optional.empty();
        }
        Optional<String> stored = store.get(KEY);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        JsonNode e = Json.tree(stored.get());
        if (e.path("format").asInt() != FORMAT
                || !naviServer.equals(e.path("naviServer").asText(null))
                || !tokenHash(token).equals(e.path("tokenSha256").asText(null))) {
            return Optional.empty();
        }
        long savedAt = e.path("savedAt").asLong(Long.MIN_VALUE);
        // A clock set back since saving makes the age unknowable: navigate afresh.
        if (savedAt > nowMillis || nowMillis - savedAt >= lifetime.toMillis()) {
            return Optional.empty();
        }
        List<String> tcp = strings(e.path("tcp"));
        List<String> ws = strings(e.path("ws"));
        if (tcp.isEmpty() && ws.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NaviResult(NaviResult.OK, "", e.path("userId").asText(null), tcp, ws,
                e.path("heartbeatIntervalMs").asLong(0)));
    }

    /** Stores {@code result} as the answer for {@code naviServer} and {@code token}, replacing any other. */
    static void save(LocalStore store, String naviServer, String token, NaviResult result, long nowMillis)
            throws SQLException {
        ObjectNode e = Json.MAPPER.createObjectNode()
                .put("format", FORMAT)
                .put("naviServer", naviServer)
                .put("tokenSha256", tokenHash(token))
                .put("savedAt", nowMillis)
                .put("heartbeatIntervalMs", result.heartbeatIntervalMs());
        if (result.userId() != null) {
            e.put("userId", result.userId());
        }
        result.tcp().forEach(e.putArray("tcp")::add);
        result.ws().forEach(e.putArray("ws")::add);
        store.put(KEY, e.toString());
    }

    /** Removes the stored answer, if any. */
    static void forget(LocalStore store) throws SQLException {
        store.delete(KEY);
    }

    /** URL-safe base64 of the token's SHA-256: identifies the token without revealing it. */
    static String tokenHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode n : array) {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(n.asText());
                }
            }
        }
        return List.copyOf(out);
    }
}
