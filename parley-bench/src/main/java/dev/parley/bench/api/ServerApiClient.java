package dev.parley.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.auth.ApiSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the Server API as an app server does (SPEC §6): form POSTs signed with the App
 * Secret. The bench needs it to get tokens for its users, like any real app would.
 */
public final class ServerApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;
    private final String appKey;
    private final String appSecret;

    public ServerApiClient(String baseUrl, String appKey, String appSecret) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.appKey = appKey;
        this.appSecret = appSecret;
    }

    /** Issues a token for {@code userId} (registering the user on the way). */
    public CompletableFuture<String> getToken(String userId) {
        return post("/user/getToken.json", "userId", userId, "name", userId).thenApply(body -> {
            if (body.path("code").asInt() != 200 || !body.hasNonNull("token")) {
                throw new IllegalStateException("getToken for " + userId + " answered " + body);
            }
            return body.get("token").asText();
        });
    }

    /** POSTs form pairs {@code k1, v1, k2, v2, ...} with fresh signature headers; the answer's JSON. */
    public CompletableFuture<JsonNode> post(String path, String... pairs) {
        String nonce = UUID.randomUUID().toString();
        String timestamp = Long.toString(System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("App-Key", appKey)
                .header("Nonce", nonce)
                .header("Timestamp", timestamp)
                .header("Signature", ApiSignature.compute(appSecret, nonce, timestamp))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(pairs)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(res -> {
            try {
                return JSON.readTree(res.body());
            } catch (IOException e) {
                throw new UncheckedIOException("HTTP " + res.statusCode() + " from " + path + " is not JSON", e);
            }
        });
    }

    static String form(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
              .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
