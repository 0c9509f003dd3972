package dev.parley.server.support;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ClusterSettings;
import dev.parley.server.config.ServerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A cluster node in the test's JVM, on a database and Redis key prefix the test made, with
 * navigation pinned to it ({@link PinnedNavi}) for engines that must land on this node.
 */
public final class ClusterTestNode implements AutoCloseable {
    private final ParleyServer server;
    private final PinnedNavi navi;

    private ClusterTestNode(ParleyServer server) {
        this.server = server;
        this.navi = new PinnedNavi(server.httpUrl(), server.tcpPort());
    }

    /** A fresh cluster key, as {@code PARLEY_SECRET_KEY} wants it. */
    public static Map<String, String> freshKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of("PARLEY_SECRET_KEY", Base64.getEncoder().encodeToString(key));
    }

    /** The configuration of node {@code nodeId} of the cluster on {@code db} and {@code keyPrefix}. */
    public static ServerConfig config(Path dataDir, ClusterServices.PostgresDatabase db, String keyPrefix,
                                      String nodeId) {
        return ServerConfig.defaults(dataDir).withBindHost("127.0.0.1")
                .withPorts(TestNode.freePort(), TestNode.freePort())
                .withTimings(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(2))
                .withCluster(new ClusterSettings(db.jdbcUrl(), db.user(), null, ClusterServices.redisUrl(), nodeId,
                        keyPrefix, "127.0.0.1", false));
    }

    public static ClusterTestNode start(ServerConfig config, Map<String, String> env) {
        return new ClusterTestNode(ParleyServer.start(config, env));
    }

    public ParleyServer server() {
        return server;
    }

    /** Navigation that always names this node's TCP gateway. */
    public String pinnedNaviUrl() {
        return navi.url();
    }

    public ApiClient api(String appKey, String appSecret) {
        return new ApiClient(server.httpUrl(), appKey, appSecret);
    }

    @Override
    public void close() {
        navi.close();
        server.close();
    }
}
