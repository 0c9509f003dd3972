package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} of a real node: what a load balancer and an operator read. */
class HealthIT {
    @TempDir
    Path dir;

    private record Answer(int status, JsonNode body) {
    }

    @Test
    void anEmbeddedNodeIsUpWithItsStorageAndSessions() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"));
             RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            assertThat(c.handshake(RawGatewayClient.connect(node.appKey(), node.token("ann"))).getCode()).isZero();

            Answer a = health(node);

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().get("code").asInt()).isEqualTo(200);
            assertThat(a.body().get("status").asText()).isEqualTo("UP");
            assertThat(a.body().get("node").asText()).isEqualTo("embedded");
            assertThat(a.body().get("sessions").asInt()).isEqualTo(1);
            JsonNode storage = a.body().get("components").get("storage");
            assertThat(storage.get("status").asText()).isEqualTo("UP");
            assertThat(storage.get("detail").asText()).startsWith("SQLite ").endsWith("parley.db");
            assertThat(a.body().get("components").has("redis")).as("cluster mode only").isFalse();
        }
    }

    @Test
    void aDrainingNodeIs503SoLoadBalancersStopSendingItTraffic() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"))) {
            node.server().drain();
            Answer a = health(node);
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.body().get("status").asText()).isEqualTo("DRAINING");

            node.server().liftDrain();
            assertThat(health(node).status()).isEqualTo(200);
        }
    }

    @Test
    void storageDownIsDownAnd503AndAnotherComponentDownIsDegradedAnd200() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node"))) {
            ComponentState redis = new ComponentState("connection refused");
            node.server().addHealthComponent("redis", redis);
            Answer degraded = health(node);
            assertThat(degraded.status()).isEqualTo(200);
            assertThat(degraded.body().get("status").asText()).isEqualTo("DEGRADED");
            assertThat(degraded.body().get("components").get("redis").get("detail").asText()).isEqualTo("connection refused");

            redis.up("connected");
            assertThat(health(node).body().get("status").asText()).isEqualTo("UP");

            try (StorageProbe broken = new StorageProbe("SQLite parley.db", () -> {
                throw new java.sql.SQLException("disk I/O error");
            }, java.time.Clock.systemUTC())) {
                node.server().addHealthComponent(HealthReport.STORAGE, broken);
                Answer down = health(node);
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.body().get("status").asText()).isEqualTo("DOWN");
                assertThat(down.body().get("components").get("storage").get("detail").asText())
                        .isEqualTo("SQLite parley.db: disk I/O error");
            }
        }
    }

    private static Answer health(TestNode node) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.naviUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), new ObjectMapper().readTree(r.body()));
    }
}
