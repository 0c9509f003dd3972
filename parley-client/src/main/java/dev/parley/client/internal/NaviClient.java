package dev.parley.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the navigation service which gateways to use: {@code POST {naviServer}/navi.json} with
 * form fields {@code appKey} and {@code token}. Never fails its future: network and format
 * problems become transient codes (30004 request failed, 30007 bad response) in the result.
 */
final class NaviClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    NaviClient(HttpClient http, String naviServer, Duration timeout) {
        this.http = http;
        this.endpoint = URI.create(naviServer + "/navi.json");
        this.timeout = timeout;
    }

    CompletableFuture<NaviResult> navigate(String appKey, String token) {
        String form = "appKey=" + URLEncoder.encode(appKey, StandardCharsets.UTF_8)
                + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .handle((response, error) -> error != null
                            ? NaviResult.failure(ErrorCode.RC_NAVI_REQUEST_FAIL, "navigation request failed: " + error)
                            : parse(response.statusCode(), response.body()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    NaviResult.failure(ErrorCode.RC_NAVI_REQUEST_FAIL, "navigation request failed: " + e));
        }
    }

    /** Reads a response body; the JSON {@code code} wins over the HTTP status when present. */
    static NaviResult parse(int httpStatus, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.path("code").canConvertToInt()) {
            return httpStatus / 100 == 2
                    ? NaviResult.failure(ErrorCode.RC_NAVI_RESPONSE_ERROR, "navigation response is not a JSON result")
                    : NaviResult.failure(ErrorCode.RC_NAVI_REQUEST_FAIL, "navigation answered HTTP " + httpStatus);
        }
        int code = root.path("code").asInt();
        if (code != NaviResult.OK) {
            return NaviResult.failure(code, root.path("errorMessage").asText(""));
        }
        List<String> tcp = strings(root.path("tcp"));
        List<String> ws = strings(root.path("ws"));
        if (tcp.isEmpty() && ws.isEmpty()) {
            return NaviResult.failure(ErrorCode.RC_NAVI_RESPONSE_ERROR, "navigation returned no gateway address");
        }
        return new NaviResult(code, "", root.path("userId").asText(null), tcp, ws,
                root.path("heartbeatIntervalMs").asLong(0));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode n : array) {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(n.asText().trim());
                }
            }
        }
        return List.copyOf(out);
    }
}
