package dev.parley.bench.node;

import java.net.InetSocketAddress;

/**
 * One node of the target as the bench addresses it directly: its id, its HTTP base URL
 * (navigation, Server API, {@code /metrics}) and its own TCP gateway. Pinning a client to a
 * node means handing it this node's gateway and no other.
 *
 * @param tcpGateway this node's TCP gateway, or null where unknown (a node at {@code --url})
 */
public record ClusterMember(String nodeId, String httpUrl, InetSocketAddress tcpGateway) {
    /** {@code host:port} of the TCP gateway as navigation writes it. */
    public String tcpAddress() {
        return tcpGateway.getHostString() + ":" + tcpGateway.getPort();
    }

    /** The WebSocket gateway as navigation writes it: the node's HTTP port, path {@code /ws}. */
    public String wsAddress() {
        return httpUrl.replaceFirst("^http", "ws") + "/ws";
    }
}
