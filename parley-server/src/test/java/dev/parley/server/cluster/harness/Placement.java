package dev.parley.server.cluster.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * Which node a device landed on when navigation chose for it: the node whose {@code /health}
 * session count grew by one while it connected. Devices must be connected one at a time
 * (and nothing else connecting meanwhile) for the answer to hold.
 */
public final class Placement {
    private Placement() {
    }

    /** A connected device and the node it is on. */
    public record Placed(Device device, ClusterNode node) {
    }

    public static Placed connect(List<? extends ClusterNode> nodes, Callable<Device> connect) throws Exception {
        List<Integer> before = sessions(nodes);
        Device device = connect.call();
        ClusterNode[] found = new ClusterNode[1];
        Awaitility.await(device.user() + " counted on a node").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    List<Integer> now = sessions(nodes);
                    for (int i = 0; i < nodes.size(); i++) {
                        if (now.get(i) == before.get(i) + 1) {
                            found[0] = nodes.get(i);
                            return true;
                        }
                    }
                    return false;
                });
        return new Placed(device, found[0]);
    }

    private static List<Integer> sessions(List<? extends ClusterNode> nodes) {
        List<Integer> counts = new ArrayList<>();
        nodes.forEach(n -> counts.add(n.health().sessions()));
        return counts;
    }
}
