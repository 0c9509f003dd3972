package dev.parley.bench.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks navigation ({@code POST /navi.json}) once for the node's TCP gateway. The SDK asks per
 * engine; the raw fleet asks once, so that the measured server work is messaging, not navigation.
 */
public final class GatewayLookup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayLookup() {
    }

    /** The first TCP gateway navigation names for {@code token}'s user. */
    public static InetSocketAddress tcpGateway(String naviUrl, String appKey, String token)
            throws IOException, InterruptedException {
        JsonNode body = navigate(naviUrl, appKey, token);
        JsonNode tcp = body.path("tcp");
        if (body.path("code").asInt() != 200 || !tcp.isArray() || tcp.isEmpty()) {
            throw new IOException("navigation answered " + body);
        }
        return parse(tcp.get(0).asText());
    }

    /** Navigation's whole answer for {@code token}'s user: code, userId, tcp and ws lists. */
    public static JsonNode navigate(String naviUrl, String appKey, String token) throws IOException, InterruptedException {
        String base = naviUrl.endsWith("/") ? naviUrl.substring(0, naviUrl.length() - 1) : naviUrl;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/navi.json"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("appKey=" + URLEncoder.encode(appKey, StandardCharsets.UTF_8)
                        + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** {@code host:port} or {@code [v6]:port}. */
    public static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port in gateway address " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
