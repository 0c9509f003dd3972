package dev.parley.server.cluster;

import dev.parley.protocol.cluster.NodeRecord;
import dev.parley.server.navi.GatewayDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Navigation in a cluster: the gateways of every live node that is not draining, least loaded
 * first ({@link NodeOrder}), from the registry's last snapshot in memory. When the snapshot is
 * stale (Redis unreachable) or names no node, this node's own addresses: a client can always
 * connect somewhere.
 */
final class ClusterNavigation implements GatewayDirectory {
    private final NodeRegistry registry;
    private final GatewayDirectory own;
    private final NodeOrder order = new NodeOrder(new Random());

    ClusterNavigation(NodeRegistry registry, GatewayDirectory own) {
        this.registry = registry;
        this.own = own;
    }

    @Override
    public Gateways forClient(String hostHeader, int httpPort) {
        NodeRegistry.Snapshot snapshot = registry.fresh();
        List<NodeRecord> nodes = snapshot == null ? List.of() : order.next(snapshot.nodes());
        if (nodes.isEmpty()) {
            return own.forClient(hostHeader, httpPort);
        }
        return new Gateways(addresses(nodes, NodeRecord::getTcpList), addresses(nodes, NodeRecord::getWsList));
    }

    private static List<String> addresses(List<NodeRecord> nodes, Function<NodeRecord, List<String>> of) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> of.apply(n).stream().filter(a -> !out.contains(a)).forEach(out::add));
        return out;
    }
}
