package dev.parley.server.cluster.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.ConversationType;
import dev.parley.server.support.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of the harness (devices navigating through the balancer, paced senders,
 * the exact-count check) on one embedded process node restarted with SIGTERM mid-stream: no
 * cluster code needed, so it runs wherever the rest of the build does.
 */
class HarnessSmokeIT {
    @TempDir
    Path dir;

    @Test
    void aPacedStreamThroughANodeRestartIsDeliveredOnceInOrder() throws Exception {
        Path dataDir = dir.resolve("solo");
        try (ProcessNode node = new ProcessNode("solo", dataDir, List.of("--drain-seconds", "1"), Map.of());
             NaviBalancer balancer = new NaviBalancer(() -> List.of(node.httpPort()))) {
            node.start();
            JsonNode creds = new ObjectMapper().readTree(dataDir.resolve("initial-credentials.json").toFile());
            ApiClient api = new ApiClient(node.baseUrl(), creds.get("appKey").asText(), creds.get("appSecret").asText());
            try (Devices devices = new Devices(dir.resolve("devices"), creds.get("appKey").asText())) {
                List<Device> online = new ArrayList<>();
                for (String u : List.of("smoke1", "smoke2", "smoke3")) {
                    online.add(devices.online(u, api.token(u), balancer.url()));
                }
                DeliveryCheck check = new DeliveryCheck();
                List<PacedSender> senders = new ArrayList<>();
                for (int i = 0; i < online.size(); i++) {
                    Device to = online.get((i + 1) % online.size());
                    PacedSender s = new PacedSender(online.get(i), ConversationType.PRIVATE, to.user(),
                            Duration.ofMillis(250));
                    senders.add(s);
                    check.expect(s, List.of(to));
                }
                try {
                    senders.forEach(PacedSender::start);
                    Awaitility.await().atMost(Duration.ofSeconds(20))
                            .until(() -> senders.stream().allMatch(s -> s.acked().size() >= 3));

                    node.terminate();
                    node.start();
                    Awaitility.await().atMost(Duration.ofSeconds(20))
                            .until(() -> senders.stream().allMatch(s -> s.acked().size() >= 8));
                    for (PacedSender s : senders) {
                        assertThat(s.stopAndAwaitIdle(Duration.ofSeconds(20))).isTrue();
                    }

                    check.assertEveryAckedDeliveredOnceInOrder(Duration.ofSeconds(20));
                    assertThat(online).allSatisfy(d -> assertThat(d.connects()).isEqualTo(2));
                } catch (AssertionError | RuntimeException e) {
                    System.err.println(node.logTail(80));
                    throw e;
                } finally {
                    senders.forEach(PacedSender::close);
                }
            }
        }
    }
}
