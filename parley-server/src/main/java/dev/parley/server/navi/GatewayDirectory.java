package dev.parley.server.navi;

import java.util.List;

/**
 * The gateway addresses navigation hands a client: this node's own ({@link GatewayAddresses})
 * on the embedded node, every live node's, least loaded first, in a cluster. Asked on an event
 * loop: it must answer from memory.
 */
public interface GatewayDirectory {
    /** TCP gateways ({@code host:port}); {@code hostHeader} is the Host the client reached navigation by. */
    List<String> tcp(String hostHeader);

    /** WebSocket gateways ({@code ws://host:port/ws}); {@code httpPort} is the port navigation was reached on. */
    List<String> ws(String hostHeader, int httpPort);
}
