package dev.parley.server.support;

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
import java.util.UUID;

/** Signs and sends Server API calls the way an app server would. */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String appKey;
    private final String appSecret;

    public ApiClient(String baseUrl, String appKey, String appSecret) {
        this.baseUrl = baseUrl;
        this.appKey = appKey;
        this.appSecret = appSecret;
    }

    /** HTTP status and JSON body of an answer. */
    public record Reply(int status, JsonNode body) {
        public int code() {
            return body.path("code").asInt();
        }
    }

    /** POSTs form pairs {@code k1, v1, k2, v2, ...} (keys may repeat) with fresh signature headers. */
    public Reply post(String path, String... pairs) {
        String nonce = UUID.randomUUID().toString();
        String timestamp = Long.toString(System.currentTimeMillis());
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("App-Key", appKey).header("Nonce", nonce).header("Timestamp", timestamp)
                .header("Signature", ApiSignature.compute(appSecret, nonce, timestamp))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(pairs))).build());
    }

    public static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> res = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(res.statusCode(), JSON.readTree(res.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String token(String userId) {
        Reply r = post("/user/getToken.json", "userId", userId, "name", userId);
        if (r.code() != 200) {
            throw new IllegalStateException("getToken failed: " + r.body());
        }
        return r.body().get("token").asText();
    }

    public static String form(String... pairs) {
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
