package dev.parley.server.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What a cluster node is called when the operator does not say: {@code <hostname>-<http-port>},
 * unique as long as two nodes on one machine listen on different ports, and stable across
 * restarts so that a restarted node takes its own place in the node registry back.
 */
final class NodeIdentity {
    private static final int MAX_LENGTH = 64;

    private NodeIdentity() {
    }

    /** {@code <host>-<httpPort>}, with characters a node id may not hold replaced and the host cut to fit. */
    static String defaultNodeId(String hostName, int httpPort) {
        String suffix = "-" + httpPort;
        String host = hostName == null || hostName.isBlank() ? "node" : hostName.replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.length() + suffix.length() > MAX_LENGTH) {
            host = host.substring(0, MAX_LENGTH - suffix.length());
        }
        return host + suffix;
    }

    /** This machine's name: {@code HOSTNAME} when the shell exports it, else what the resolver says. */
    static String localHostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
