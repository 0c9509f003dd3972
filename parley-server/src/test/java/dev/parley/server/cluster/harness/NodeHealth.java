package dev.parley.server.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What a node's {@code /health} answered: HTTP status, overall status (UP, DEGRADED, DRAINING,
 * DOWN), its live session count and each component's status; {@link #UNREACHABLE} when
 * nothing answered.
 *
 * @param httpStatus 200 for UP and DEGRADED, 503 for DRAINING and DOWN; 0 when unreachable
 * @param status     the overall status, or "UNREACHABLE"
 * @param sessions   live sessions on that node; -1 when unknown
 * @param body       the whole JSON answer (components under {@code components}), or null
 */
public record NodeHealth(int httpStatus, String status, int sessions, JsonNode body) {
    public static final NodeHealth UNREACHABLE = new NodeHealth(0, "UNREACHABLE", -1, null);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Asks {@code baseUrl + "/health"}; never throws for a node that is down. */
    public static NodeHealth of(String baseUrl) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            return new NodeHealth(r.statusCode(), body.path("status").asText(r.statusCode() == 200 ? "UP" : "?"),
                    body.path("sessions").asInt(-1), body);
        } catch (IOException e) {
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNREACHABLE;
        }
    }

    /** The status of one component ("storage", "redis"), or "ABSENT" when the answer has none. */
    public String component(String name) {
        if (body == null) {
            return "ABSENT";
        }
        JsonNode c = body.path("components").path(name);
        return c.isMissingNode() ? "ABSENT" : c.path("status").asText("ABSENT");
    }

    /** Serving clients: UP or DEGRADED (HTTP 200). */
    public boolean serving() {
        return httpStatus == 200;
    }
}
