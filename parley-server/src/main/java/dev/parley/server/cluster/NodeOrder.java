package dev.parley.server.cluster;

import dev.parley.protocol.cluster.NodeRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The order navigation names live nodes in: least loaded first, a node's load being the
 * sessions it last announced plus the clients this node's navigation has sent it since. The
 * announcements are up to 2 s old; without the second term a burst of connects (a reconnect
 * storm after a node died, a morning login wave) would all go to whichever node was least
 * loaded 2 s ago. Equally loaded nodes come in random order, so that several navigation nodes
 * behind one load balancer do not all pick the same one.
 */
final class NodeOrder {
    private final Random random;
    private final Map<String, Integer> sentSince = new HashMap<>();
    private List<NodeRecord> counted = List.of();

    NodeOrder(Random random) {
        this.random = random;
    }

    /**
     * The nodes of {@code live} that take connections, least loaded first; counts one client
     * toward the first. A new snapshot ({@code live} not the list of the previous call) carries
     * its own session counts, so the clients counted since the last one are forgotten.
     */
    synchronized List<NodeRecord> next(List<NodeRecord> live) {
        if (live != counted) {
            counted = live;
            sentSince.clear();
        }
        List<NodeRecord> order = new ArrayList<>(live.size());
        for (NodeRecord n : live) {
            if (!n.getDraining()) {
                order.add(n);
            }
        }
        Collections.shuffle(order, random);
        order.sort(Comparator.comparingLong(this::load)); // stable: equal loads keep the random order
        if (!order.isEmpty()) {
            sentSince.merge(order.get(0).getNodeId(), 1, Integer::sum);
        }
        return order;
    }

    private long load(NodeRecord n) {
        return (long) n.getSessions() + sentSince.getOrDefault(n.getNodeId(), 0);
    }
}
