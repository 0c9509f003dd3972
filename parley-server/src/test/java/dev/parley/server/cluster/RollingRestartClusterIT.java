package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ConversationType;
import dev.parley.server.cluster.harness.Cluster;
import dev.parley.server.cluster.harness.DeliveryCheck;
import dev.parley.server.cluster.harness.Device;
import dev.parley.server.cluster.harness.Devices;
import dev.parley.server.cluster.harness.PacedSender;
import dev.parley.server.cluster.harness.ProcessNode;
import dev.parley.server.cluster.harness.ClusterNode;
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
 * A rolling restart: each of three nodes in turn gets SIGTERM (it drains: 31006 to its
 * sessions, which navigate to the others), exits, and starts again, while messages stream.
 * No acknowledged message is lost or duplicated, and no client reconnects more than once per
 * node restart.
 */
class RollingRestartClusterIT {
    private static final int USERS = 6;
    private static final String GROUP = "rollers";

    @TempDir
    Path dir;

    @Test
    void restartingEveryNodeInTurnLosesNothingAndMovesEachClientAtMostOncePerRestart() throws Exception {
        try (Cluster cluster = Cluster.ofProcesses(dir.resolve("cluster"), 3, 2);
             Devices devices = new Devices(dir.resolve("devices"), cluster.appKey())) {
            List<String> users = new ArrayList<>();
            for (int i = 1; i <= USERS; i++) {
                users.add("roll" + i);
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
            PacedSender toGroup = new PacedSender(online.get(0), ConversationType.GROUP, GROUP, Duration.ofMillis(800));
            senders.add(toGroup);
            check.expect(toGroup, online.subList(1, USERS));
            try {
                senders.forEach(PacedSender::start);
                NodeCrashClusterIT.awaitEachAckedAtLeast(senders, 2);

                for (ClusterNode node : cluster.nodes()) {
                    Map<Device, Integer> connectsBefore = online.stream().collect(Collectors.toMap(d -> d, Device::connects));
                    Map<PacedSender, Integer> ackedBefore = senders.stream()
                            .collect(Collectors.toMap(s -> s, s -> s.acked().size()));
                    node.terminate();
                    assertThat(((ProcessNode) node).exitCode()).as(node.id() + " exit code after SIGTERM").isIn(0, 143);
                    node.start();
                    Awaitility.await("every client connected after restarting " + node.id())
                            .atMost(Duration.ofSeconds(20)).until(() -> online.stream().allMatch(Device::connected));
                    for (Device d : online) {
                        assertThat(d.connects() - connectsBefore.get(d))
                                .as(d.user() + "'s reconnects while " + node.id() + " restarted").isLessThanOrEqualTo(1);
                    }
                    Awaitility.await("messages flow after restarting " + node.id()).atMost(Duration.ofSeconds(20))
                            .until(() -> senders.stream().allMatch(s -> s.acked().size() >= ackedBefore.get(s) + 2));
                }

                for (PacedSender s : senders) {
                    assertThat(s.stopAndAwaitIdle(Duration.ofSeconds(20))).as(s + " answered").isTrue();
                }
                check.assertEveryAckedDeliveredOnceInOrder(Duration.ofSeconds(30));
                for (PacedSender s : senders) {
                    assertThat(s.refusals()).as(s + ": a drain refuses no send").isEmpty();
                }
            } catch (AssertionError | RuntimeException e) {
                System.err.println(cluster.logs(80));
                throw e;
            } finally {
                senders.forEach(PacedSender::close);
            }
        }
    }
}
