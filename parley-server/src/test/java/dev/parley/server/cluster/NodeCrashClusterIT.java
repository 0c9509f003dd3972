package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ConversationType;
import dev.parley.server.cluster.harness.Cluster;
import dev.parley.server.cluster.harness.ClusterNode;
import dev.parley.server.cluster.harness.DeliveryCheck;
import dev.parley.server.cluster.harness.Device;
import dev.parley.server.cluster.harness.Devices;
import dev.parley.server.cluster.harness.PacedSender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of one of three nodes while 1:1 and group messages stream between clients spread
 * over all three: the dead node's clients find the others by themselves (through navigation),
 * every acknowledged message reaches every recipient exactly once and in its sender's order,
 * and navigation stops handing out the dead node within 10 s.
 */
class NodeCrashClusterIT {
    private static final int USERS = 9;
    private static final String GROUP = "crew";

    @TempDir
    Path dir;

    @Test
    void aKilledNodesClientsMoveOnAndEveryAcknowledgedMessageArrivesOnceInOrder() throws Exception {
        try (Cluster cluster = Cluster.ofProcesses(dir.resolve("cluster"), 3, 2);
             Devices devices = new Devices(dir.resolve("devices"), cluster.appKey())) {
            List<String> users = new ArrayList<>();
            for (int i = 1; i <= USERS; i++) {
                users.add("crash" + i);
            }
            cluster.createGroup(GROUP, users);
            List<Device> online = new ArrayList<>();
            for (String u : users) {
                online.add(devices.online(u, cluster.token(u), cluster.naviUrl()));
            }
            List<PacedSender> senders = new ArrayList<>();
            DeliveryCheck check = new DeliveryCheck();
            for (int i = 0; i < USERS; i++) {
                Device to = online.get((i + 1) % USERS);
                PacedSender s = new PacedSender(online.get(i), ConversationType.PRIVATE, to.user(), Duration.ofMillis(400));
                senders.add(s);
                check.expect(s, List.of(to));
            }
            for (int i : new int[] {0, 4}) {
                PacedSender s = new PacedSender(online.get(i), ConversationType.GROUP, GROUP, Duration.ofMillis(1000));
                senders.add(s);
                check.expect(s, online.stream().filter(d -> d != online.get(i)).toList());
            }
            try {
                senders.forEach(PacedSender::start);
                awaitEachAckedAtLeast(senders, 3);

                ClusterNode victim = cluster.liveNodes().stream()
                        .max(Comparator.comparingInt(n -> n.health().sessions())).orElseThrow();
                int victimSessions = victim.health().sessions();
                assertThat(victimSessions).as("clients on the node about to die").isPositive();
                Map<PacedSender, Integer> ackedAtKill = senders.stream()
                        .collect(Collectors.toMap(s -> s, s -> s.acked().size()));
                victim.kill();

                String token = cluster.token("crash1");
                CompletableFuture<Long> forgotten = CompletableFuture.supplyAsync(
                        () -> millisUntilNavigationForgets(cluster, victim, token));
                Awaitility.await("every client connected again").atMost(Duration.ofSeconds(20))
                        .until(() -> online.stream().allMatch(Device::connected));
                Awaitility.await("every sender acknowledged again").atMost(Duration.ofSeconds(20))
                        .until(() -> senders.stream().allMatch(s -> s.acked().size() >= ackedAtKill.get(s) + 3));
                int reconnects = online.stream().mapToInt(d -> d.connects() - 1).sum();
                assertThat(reconnects).as("the dead node's clients reconnected").isGreaterThanOrEqualTo(victimSessions);

                for (PacedSender s : senders) {
                    assertThat(s.stopAndAwaitIdle(Duration.ofSeconds(20))).as(s + " answered").isTrue();
                }
                check.assertEveryAckedDeliveredOnceInOrder(Duration.ofSeconds(30));
                assertThat(check.acked()).isGreaterThan(USERS * 6);
                assertThat(forgotten.get(30, TimeUnit.SECONDS)).as("ms until every live node's navigation forgot "
                        + victim.id()).isLessThanOrEqualTo(10_000);
            } catch (AssertionError | RuntimeException e) {
                System.err.println(cluster.logs(80));
                throw e;
            } finally {
                senders.forEach(PacedSender::close);
            }
        }
    }

    /** Polls every live node's navigation until none lists {@code victim}; the time that took (at most 30 s). */
    private static long millisUntilNavigationForgets(Cluster cluster, ClusterNode victim, String token) {
        long start = System.nanoTime();
        Awaitility.await("navigation forgets " + victim.id()).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> cluster.liveNodes().stream()
                        .noneMatch(n -> cluster.naviTcp(n, token).contains(victim.tcpAddress())));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    static void awaitEachAckedAtLeast(List<PacedSender> senders, int n) {
        Awaitility.await("each sender has " + n + " acknowledged").atMost(Duration.ofSeconds(20))
                .until(() -> senders.stream().allMatch(s -> s.acked().size() >= n));
    }
}
