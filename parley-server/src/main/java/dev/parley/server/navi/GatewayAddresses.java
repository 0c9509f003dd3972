package dev.parley.server.navi;

import java.util.List;

/**
 * The gateway addresses navigation hands out. Unless configured explicitly (a node behind
 * NAT, a proxy, a load balancer), they use the host name the client reached navigation by,
 * so loopback, LAN and DNS setups all work without configuration.
 */
public final class GatewayAddresses implements GatewayDirectory {
    private final List<String> tcpOverride;
    private final List<String> wsOverride;
    private final int tcpPort;

    public GatewayAddresses(List<String> tcpOverride, List<String> wsOverride, int tcpPort) {
        this.tcpOverride = List.copyOf(tcpOverride);
        this.wsOverride = List.copyOf(wsOverride);
        this.tcpPort = tcpPort;
    }

    @Override
    public Gateways forClient(String hostHeader, int httpPort) {
        return new Gateways(tcp(hostHeader), ws(hostHeader, httpPort));
    }

    List<String> tcp(String hostHeader) {
        return tcpOverride.isEmpty() ? List.of(hostOnly(hostHeader) + ":" + tcpPort) : tcpOverride;
    }

    /** The WebSocket gateway shares the HTTP port the client reached navigation on. */
    List<String> ws(String hostHeader, int httpPort) {
        return wsOverride.isEmpty() ? List.of("ws://" + hostOnly(hostHeader) + ":" + httpPort + "/ws") : wsOverride;
    }

    private static String hostOnly(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return "127.0.0.1";
        }
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end > 0 ? hostHeader.substring(0, end + 1) : hostHeader;
        }
        int colon = hostHeader.indexOf(':');
        return colon >= 0 ? hostHeader.substring(0, colon) : hostHeader;
    }
}
