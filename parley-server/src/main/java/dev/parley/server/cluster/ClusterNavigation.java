package dev.parley.server.cluster;

import dev.parley.protocol.cluster.NodeRecord;
import dev.parley.server.navi.GatewayDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Navigation in a cluster: the gateways of every live node that is not draining, least loaded
 * (fewest live sessions) first, from the registry's last snapshot in memory. When the snapshot
 * is stale (Redis unreachable) or names no node, this node's own addresses: a client can always
 * connect somewhere.
 */
final class ClusterNavigation implements GatewayDirectory {
    private static final Comparator<NodeRecord> LEAST_LOADED = Comparator.comparingInt(NodeRecord::getSessions)
            .thenComparing(NodeRecord::getNodeId);

    private final NodeRegistry registry;
    private final GatewayDirectory own;

    ClusterNavigation(NodeRegistry registry, GatewayDirectory own) {
        this.registry = registry;
        this.own = own;
    }

    @Override
    public List<String> tcp(String hostHeader) {
        List<String> all = addresses(NodeRecord::getTcpList);
        return all.isEmpty() ? own.tcp(hostHeader) : all;
    }

    @Override
    public List<String> ws(String hostHeader, int httpPort) {
        List<String> all = addresses(NodeRecord::getWsList);
        return all.isEmpty() ? own.ws(hostHeader, httpPort) : all;
    }

    private List<String> addresses(Function<NodeRecord, List<String>> of) {
        NodeRegistry.Snapshot snapshot = registry.fresh();
        if (snapshot == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        snapshot.nodes().stream().filter(n -> !n.getDraining()).sorted(LEAST_LOADED)
                .forEach(n -> of.apply(n).stream().filter(a -> !out.contains(a)).forEach(out::add));
        return out;
    }
}
