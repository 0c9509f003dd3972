package dev.parley.server.navi;

import java.util.List;

/**
 * The gateway addresses navigation hands a client: this node's own ({@link GatewayAddresses})
 * on the embedded node, every live node's, least loaded first, in a cluster. Asked on an event
 * loop: it must answer from memory.
 */
public interface GatewayDirectory {
    /**
     * The gateways to hand one client, both lists in the same order of nodes (one navigation
     * answer: a cluster counts it once toward the node it names first).
     *
     * @param hostHeader the Host the client reached navigation by
     * @param httpPort   the port navigation was reached on (the WebSocket gateway shares it)
     */
    Gateways forClient(String hostHeader, int httpPort);

    /** TCP gateways ({@code host:port}) and WebSocket gateways ({@code ws://host:port/ws}). */
    record Gateways(List<String> tcp, List<String> ws) {
        public Gateways {
            tcp = List.copyOf(tcp);
            ws = List.copyOf(ws);
        }
    }
}
