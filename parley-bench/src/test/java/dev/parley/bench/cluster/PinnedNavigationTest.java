package dev.parley.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.parley.bench.node.ClusterMember;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedNavigationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClusterMember NODE_0 = new ClusterMember("n0", "http://127.0.0.1:8700",
            new InetSocketAddress("127.0.0.1", 8900));
    private static final ClusterMember NODE_1 = new ClusterMember("n1", "http://127.0.0.1:8701",
            new InetSocketAddress("127.0.0.1", 8901));

    @Test
    void pinningKeepsOnlyTheNodesOwnGateways() throws Exception {
        JsonNode answer = JSON.readTree("{\"code\":200,\"userId\":\"u1\",\"tcp\":[\"127.0.0.1:8900\","
                + "\"127.0.0.1:8901\"],\"ws\":[\"ws://127.0.0.1:8700/ws\",\"ws://127.0.0.1:8701/ws\"],"
                + "\"heartbeatIntervalMs\":30000}");
        JsonNode pinned = PinnedNavigation.pin(answer, NODE_1);
        assertThat(pinned.path("tcp")).hasSize(1);
        assertThat(pinned.path("tcp").get(0).asText()).isEqualTo("127.0.0.1:8901");
        assertThat(pinned.path("ws").get(0).asText()).isEqualTo("ws://127.0.0.1:8701/ws");
        assertThat(pinned.path("userId").asText()).isEqualTo("u1");
        assertThat(pinned.path("heartbeatIntervalMs").asLong()).isEqualTo(30000);
        // the node's own answer is left as it was
        assertThat(answer.path("tcp")).hasSize(2);
    }

    @Test
    void refusalsPassUnchanged() throws Exception {
        JsonNode refusal = JSON.readTree("{\"code\":31004,\"message\":\"token incorrect\"}");
        assertThat(PinnedNavigation.pin(refusal, NODE_0)).isEqualTo(refusal);
    }

    @Test
    void membersAreFoundByTheirTcpGateway() {
        assertThat(PinnedNavigation.memberOf("127.0.0.1:8901", List.of(NODE_0, NODE_1))).isEqualTo(1);
        assertThat(PinnedNavigation.memberOf("127.0.0.1:9999", List.of(NODE_0, NODE_1))).isEqualTo(-1);
    }

    @Test
    void routesAreANodeOrSpread() {
        assertThat(PinnedNavigation.Route.parse("/node/1/navi.json", 2)).isEqualTo(new PinnedNavigation.Route(true, 1));
        assertThat(PinnedNavigation.Route.parse("/spread/navi.json", 2).pinned()).isFalse();
        assertThat(PinnedNavigation.Route.parse("/node/2/navi.json", 2)).isNull();
        assertThat(PinnedNavigation.Route.parse("/node/x/navi.json", 2)).isNull();
        assertThat(PinnedNavigation.Route.parse("/navi.json", 2)).isNull();
    }

    @Test
    void forwardsToTheNodeAndRewritesItsAnswer() throws Exception {
        // two fake nodes whose navigation lists both gateways, least loaded first
        String both = "{\"code\":200,\"userId\":\"%s\",\"tcp\":[\"127.0.0.1:8901\",\"127.0.0.1:8900\"],\"ws\":[]}";
        HttpServer n0 = fakeNode(both);
        HttpServer n1 = fakeNode(both);
        ClusterMember m0 = new ClusterMember("n0", "http://127.0.0.1:" + n0.getAddress().getPort(),
                new InetSocketAddress("127.0.0.1", 8900));
        ClusterMember m1 = new ClusterMember("n1", "http://127.0.0.1:" + n1.getAddress().getPort(),
                new InetSocketAddress("127.0.0.1", 8901));
        try (PinnedNavigation front = PinnedNavigation.start(List.of(m0, m1))) {
            JsonNode pinned0 = post(front.pinnedUrl(0), "alice");
            assertThat(pinned0.path("tcp").toString()).isEqualTo("[\"127.0.0.1:8900\"]");
            assertThat(pinned0.path("userId").asText()).isEqualTo("alice");
            JsonNode spread = post(front.spreadUrl(), "bob");
            assertThat(spread.path("tcp")).hasSize(2);
            assertThat(front.navigatedNode("bob")).contains(1);
            assertThat(front.pinnedButNotListed()).isZero();
        } finally {
            n0.stop(0);
            n1.stop(0);
        }
    }

    private static HttpServer fakeNode(String answerFormat) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/navi.json", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String user = form.replaceAll(".*token=([^&]*).*", "$1");
            byte[] body = String.format(answerFormat, user).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static JsonNode post(String naviServer, String token) throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(naviServer
                        + "/navi.json")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("appKey=k&token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        return JSON.readTree(res.body());
    }
}
