package dev.parley.server.config;

import dev.parley.server.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a node is started with. Defaults suit a single node on one machine; every
 * field can be set from the {@code parley serve} command line.
 *
 * @param dataDir           embedded storage and first-start credentials live here
 * @param bindHost          address both ports listen on
 * @param httpPort          Server API, navigation, WebSocket gateway, console, health, metrics (0 = any free port)
 * @param tcpPort           raw TCP gateway (0 = any free port)
 * @param heartbeatInterval how often clients ping
 * @param idleTimeout       a connection silent this long is closed
 * @param authTimeout       a fresh socket must authenticate within this
 * @param signatureSkew     accepted difference between a Server API Timestamp and server time
 * @param advertiseTcp      TCP gateway addresses navigation hands out (empty: derived from the request's Host)
 * @param advertiseWs       WebSocket gateway URLs navigation hands out (empty: derived)
 * @param apiThreads        threads running Server API endpoints
 * @param commitWindow      under concurrent sends, how long the storage writer gathers a batch before it commits
 * @param durability        whether each committed batch is fsynced before its acks go out (the default) or
 *                          left to the operating system (survives a process crash, not a power cut)
 * @param cluster           null for an embedded single node; else the shared PostgreSQL and Redis it joins
 */
public record ServerConfig(Path dataDir, String bindHost, int httpPort, int tcpPort, Duration heartbeatInterval,
                           Duration idleTimeout, Duration authTimeout, Duration signatureSkew,
                           List<String> advertiseTcp, List<String> advertiseWs, int apiThreads,
                           Duration commitWindow, Durability durability, ClusterSettings cluster) {

    public static final int DEFAULT_HTTP_PORT = 8700;
    public static final int DEFAULT_TCP_PORT = 8701;
    public static final Duration DEFAULT_COMMIT_WINDOW = Duration.ofMillis(1);
    public static final Durability DEFAULT_DURABILITY = Durability.FSYNC;

    public ServerConfig {
        advertiseTcp = List.copyOf(advertiseTcp);
        advertiseWs = List.copyOf(advertiseWs);
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive");
        }
        if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("idle timeout must exceed the heartbeat interval");
        }
        if (commitWindow.isNegative() || commitWindow.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("commit window must be 0..1000 ms");
        }
        if (durability == null) {
            throw new IllegalArgumentException("durability must be one of " + Durability.names());
        }
    }

    /** Defaults for a node on {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, "0.0.0.0", DEFAULT_HTTP_PORT, DEFAULT_TCP_PORT, Duration.ofSeconds(30),
                Duration.ofSeconds(100), Duration.ofSeconds(10), Duration.ofMinutes(5), List.of(), List.of(), 16,
                DEFAULT_COMMIT_WINDOW, DEFAULT_DURABILITY, null);
    }

    public ServerConfig withPorts(int http, int tcp) {
        return new ServerConfig(dataDir, bindHost, http, tcp, heartbeatInterval, idleTimeout, authTimeout,
                signatureSkew, advertiseTcp, advertiseWs, apiThreads, commitWindow, durability, cluster);
    }

    public ServerConfig withBindHost(String host) {
        return new ServerConfig(dataDir, host, httpPort, tcpPort, heartbeatInterval, idleTimeout, authTimeout,
                signatureSkew, advertiseTcp, advertiseWs, apiThreads, commitWindow, durability, cluster);
    }

    public ServerConfig withTimings(Duration heartbeat, Duration idle, Duration auth) {
        return new ServerConfig(dataDir, bindHost, httpPort, tcpPort, heartbeat, idle, auth, signatureSkew,
                advertiseTcp, advertiseWs, apiThreads, commitWindow, durability, cluster);
    }

    public ServerConfig withSignatureSkew(Duration skew) {
        return new ServerConfig(dataDir, bindHost, httpPort, tcpPort, heartbeatInterval, idleTimeout, authTimeout,
                skew, advertiseTcp, advertiseWs, apiThreads, commitWindow, durability, cluster);
    }

    public ServerConfig withAdvertised(List<String> tcp, List<String> ws) {
        return new ServerConfig(dataDir, bindHost, httpPort, tcpPort, heartbeatInterval, idleTimeout, authTimeout,
                signatureSkew, tcp, ws, apiThreads, commitWindow, durability, cluster);
    }

    public ServerConfig withCommitWindow(Duration window) {
        return new ServerConfig(dataDir, bindHost, httpPort, tcpPort, heartbeatInterval, idleTimeout, authTimeout,
                signatureSkew, advertiseTcp, advertiseWs, apiThreads, window, durability, cluster);
    }

    public ServerConfig withDurability(Durability mode) {
        return new ServerConfig(dataDir, bindHost, httpPort, tcpPort, heartbeatInterval, idleTimeout, authTimeout,
                signatureSkew, advertiseTcp, advertiseWs, apiThreads, commitWindow, mode, cluster);
    }

    public ServerConfig withCluster(ClusterSettings settings) {
        return new ServerConfig(dataDir, bindHost, httpPort, tcpPort, heartbeatInterval, idleTimeout, authTimeout,
                signatureSkew, advertiseTcp, advertiseWs, apiThreads, commitWindow, durability, settings);
    }

    /** True when the node joins a cluster on PostgreSQL and Redis instead of keeping its data embedded. */
    public boolean isCluster() {
        return cluster != null;
    }
}
