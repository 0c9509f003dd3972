package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ConversationType;
import dev.parley.protocol.ErrorCode;
import dev.parley.server.cluster.harness.Cluster;
import dev.parley.server.cluster.harness.ClusterNode;
import dev.parley.server.cluster.harness.DeliveryCheck;
import dev.parley.server.cluster.harness.Device;
import dev.parley.server.cluster.harness.Devices;
import dev.parley.server.cluster.harness.NodeHealth;
import dev.parley.server.cluster.harness.PacedSender;
import dev.parley.server.support.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away under a streaming cluster (every node reaches it through a relay the
 * test cuts): sends are refused with 30014 (SDK) or code 1000 (Server API) and none is
 * acknowledged, client connections stay up, {@code /health} says DOWN with storage DOWN. When
 * it returns, sends succeed again without restarting any node, and every message
 * acknowledged before, during or after is delivered exactly once.
 */
class PostgresOutageClusterIT {
    private static final int USERS = 4;

    @TempDir
    Path dir;

    @Test
    void sendsAreRefusedWhileTheDatabaseIsAwayAndSucceedWhenItIsBack() throws Exception {
        try (Cluster cluster = Cluster.ofProcesses(dir.resolve("cluster"), 3, 2);
             Devices devices = new Devices(dir.resolve("devices"), cluster.appKey())) {
            List<Device> online = new ArrayList<>();
            for (int i = 1; i <= USERS; i++) {
                online.add(devices.online("pg" + i, cluster.token("pg" + i), cluster.naviUrl()));
            }
            List<PacedSender> senders = new ArrayList<>();
            DeliveryCheck check = new DeliveryCheck();
            for (int i = 0; i < USERS; i++) {
                Device to = online.get((i + 1) % USERS);
                PacedSender s = new PacedSender(online.get(i), ConversationType.PRIVATE, to.user(), Duration.ofMillis(300));
                senders.add(s);
                check.expect(s, List.of(to));
            }
            ApiClient api = cluster.api(cluster.node(2));
            try {
                senders.forEach(PacedSender::start);
                NodeCrashClusterIT.awaitEachAckedAtLeast(senders, 3);

                cluster.postgres().cut();

                Awaitility.await("every node reports its storage down").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            for (ClusterNode n : cluster.nodes()) {
                                NodeHealth h = n.health();
                                assertThat(h.component("storage")).as(n.id() + " storage").isEqualTo("DOWN");
                                assertThat(h.status()).as(n.id() + " status").isEqualTo("DOWN");
                                assertThat(h.httpStatus()).as(n.id() + " HTTP status").isEqualTo(503);
                            }
                        });
                awaitEachRefused(senders, Map.of());
                Map<PacedSender, Integer> ackedInOutage = senders.stream()
                        .collect(Collectors.toMap(s -> s, s -> s.acked().size()));
                Map<PacedSender, Integer> refusedInOutage = senders.stream()
                        .collect(Collectors.toMap(s -> s, s -> s.refusals(ErrorCode.RC_MSG_SEND_FAIL)));
                ApiClient.Reply refused = api.post("/message/private/publish.json", "fromUserId", "pg1",
                        "toUserId", "pg2", "objectName", "RC:TxtMsg", "content", "{\"content\":\"in the outage\"}");
                assertThat(refused.status()).as("Server API send in the outage: " + refused.body()).isEqualTo(500);
                assertThat(refused.code()).isEqualTo(1000);
                awaitEachRefused(senders, refusedInOutage);
                for (PacedSender s : senders) {
                    assertThat(s.acked()).as(s + ": nothing acknowledged while the database is away")
                            .hasSize(ackedInOutage.get(s));
                }
                for (Device d : online) {
                    assertThat(d.connected()).as(d + " still connected").isTrue();
                    assertThat(d.connects()).as(d + " never reconnected").isEqualTo(1);
                }

                cluster.postgres().restore();

                Awaitility.await("every node up again").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> cluster.nodes().stream().allMatch(n -> n.health().status().equals("UP")));
                Awaitility.await("sends acknowledged again").atMost(Duration.ofSeconds(20))
                        .until(() -> senders.stream().allMatch(s -> s.acked().size() >= ackedInOutage.get(s) + 3));
                assertThat(api.post("/message/private/publish.json", "fromUserId", "pg1", "toUserId", "pg2",
                        "objectName", "RC:TxtMsg", "content", "{\"content\":\"after\"}").code()).isEqualTo(200);
                for (PacedSender s : senders) {
                    assertThat(s.stopAndAwaitIdle(Duration.ofSeconds(20))).as(s + " answered").isTrue();
                }
                check.assertEveryAckedDeliveredOnceInOrder(Duration.ofSeconds(30));
                for (Device d : online) {
                    assertThat(d.connects()).as(d + " never reconnected").isEqualTo(1);
                }
            } catch (AssertionError | RuntimeException e) {
                System.err.println(cluster.logs(80));
                throw e;
            } finally {
                senders.forEach(PacedSender::close);
            }
        }
    }

    /** Waits until each sender has had two more sends refused with 30014 than {@code before} says. */
    private static void awaitEachRefused(List<PacedSender> senders, Map<PacedSender, Integer> before) {
        Awaitility.await("sends refused with 30014: " + senders).atMost(Duration.ofSeconds(20))
                .until(() -> senders.stream().allMatch(
                        s -> s.refusals(ErrorCode.RC_MSG_SEND_FAIL) >= before.getOrDefault(s, 0) + 2));
    }
}
