package dev.parley.server.support;

import static org.awaitility.Awaitility.await;

import dev.parley.server.ParleyServer;
import dev.parley.server.auth.App;
import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.AppRecord;
import dev.parley.server.gateway.Session;
import dev.parley.server.store.Database;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A real node for tests: its own data dir, free ports, short heartbeats. Can be stopped and
 * started again on the same ports and data, as a restarted server would be.
 *
 * <p>With {@code -Dparley.it.cluster=N} (N &ge; 2; the {@code cluster-suite} Surefire run) it is
 * node 0 of an N-node cluster in this JVM, on a fresh PostgreSQL schema and Redis key prefix:
 * {@link #naviUrl()} is node 0's real navigation, which spreads clients over every node, so the
 * same tests then deliver across nodes. {@link #server()} is node 0; {@link #servers()} all of
 * them. Stopping stops the whole cluster (the service is down), restarting starts it all again.
 */
public final class TestNode implements AutoCloseable {
    /** Nodes per TestNode: 1 is the embedded node, more a cluster on PostgreSQL and Redis. */
    public static final int CLUSTER_SIZE = Integer.getInteger("parley.it.cluster", 1);

    private ServerConfig config;
    private final String appKey;
    private final String appSecret;
    private ParleyServer server;
    private final Map<String, String> env;
    private final ClusterServices.PostgresDatabase database; // null on the embedded node
    private final List<ServerConfig> peerConfigs = new ArrayList<>();
    private final List<ParleyServer> peers = new ArrayList<>();

    public TestNode(Path dataDir) {
        this(dataDir, List.of());
    }

    /** A node whose default app has no send limit: tests that send faster than a person types. */
    public static TestNode withoutSendLimit(Path dataDir) {
        TestNode node = new TestNode(dataDir);
        node.server().appAdmin().setSendRateLimit(node.appKey(), 0);
        node.awaitAppsSettled();
        return node;
    }

    /** A node whose navigation hands out {@code advertiseTcp} instead of its own TCP port. */
    public TestNode(Path dataDir, List<String> advertiseTcp) {
        this(dataDir, cfg -> cfg.withAdvertised(advertiseTcp, List.of()));
    }

    /** A node whose test configuration {@code tweak} adjusts (e.g. other timings). */
    public TestNode(Path dataDir, UnaryOperator<ServerConfig> tweak) {
        if (CLUSTER_SIZE < 2) {
            database = null;
            env = System.getenv();
            config = tweak.apply(embedded(dataDir));
            server = ParleyServer.start(config, env);
        } else {
            database = ClusterServices.freshSchema();
            env = ClusterTestNode.freshKey();
            String prefix = ClusterServices.freshKeyPrefix();
            config = tweak.apply(ClusterTestNode.config(dataDir, database, prefix, "node-0"));
            server = ParleyServer.start(config, env);
            // A test that advertises its own gateway (a proxy in front of node 0, a dead port) means
            // every client to go there: the other nodes then run drained, members that take no
            // connections. Any other test's clients spread over all nodes.
            boolean onlyNodeZeroTakesClients = !config.advertiseTcp().isEmpty();
            for (int i = 1; i < CLUSTER_SIZE; i++) {
                ServerConfig peer = tweak.apply(ClusterTestNode.config(dataDir.resolve("peer-" + i), database, prefix,
                        "node-" + i)).withAdvertised(List.of(), List.of());
                peerConfigs.add(peer.withCluster(peer.cluster().withDrain(onlyNodeZeroTakesClients)));
            }
            peerConfigs.forEach(c -> peers.add(ParleyServer.start(c, env)));
        }
        var creds = server.initialCredentials().orElseThrow();
        appKey = creds.appKey();
        appSecret = creds.appSecret();
        awaitClusterFormed();
    }

    private static ServerConfig embedded(Path dataDir) {
        return ServerConfig.defaults(dataDir).withBindHost("127.0.0.1").withPorts(freePort(), freePort())
                .withTimings(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    /** Every node knows the default app (and its settings) and navigation names every node. */
    private void awaitClusterFormed() {
        if (peers.isEmpty()) {
            return;
        }
        awaitAppsSettled();
        await().atMost(Duration.ofSeconds(10)).until(() -> servers().stream()
                .allMatch(s -> s.cluster().orElseThrow().liveNodes().size() == CLUSTER_SIZE));
    }

    /**
     * Waits until every node holds the apps as stored: a change made through node 0's
     * {@code appAdmin()} reaches the others within milliseconds (the cluster bus), not at once.
     */
    public void awaitAppsSettled() {
        if (peers.isEmpty()) {
            return;
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() ->
                server().appAdmin().list().stream().allMatch(stored -> servers().stream().allMatch(s ->
                        s.apps().find(stored.appKey()).filter(held -> sameSettings(stored, held)).isPresent())));
    }

    private static boolean sameSettings(AppRecord stored, App held) {
        return held.secret().equals(stored.appSecret()) && held.status() == stored.status()
                && held.tokenTtlSeconds() == stored.tokenTtlSeconds() && held.retentionDays() == stored.retentionDays()
                && held.sendRateLimit() == stored.sendRateLimit();
    }

    /** Every running node: node 0 first. */
    public List<ParleyServer> servers() {
        List<ParleyServer> all = new ArrayList<>();
        all.add(server());
        all.addAll(peers);
        return all;
    }

    /** The user's sessions on every node. */
    public List<Session> sessionsOf(String appKey, String userId) {
        return servers().stream().flatMap(s -> s.sessions().sessionsOf(appKey, userId).stream()).toList();
    }

    /**
     * Runs {@code work} on the node's message store opened directly (RocksDB in the data dir, or
     * the cluster's PostgreSQL): for a test that writes what no check would let through. Only
     * while the node is stopped.
     */
    public <T> T withStoreWhileStopped(Function<MessageStore, T> work) {
        if (running()) {
            throw new IllegalStateException("stop the node first");
        }
        if (database == null) {
            try (RocksMessageStore store = RocksMessageStore.open(config.dataDir().resolve("messages"))) {
                return work.apply(store);
            }
        }
        try (Database db = Database.openPostgres(database.jdbcUrl(), database.user(), null)) {
            return work.apply(new SqlMessageStore(db));
        }
    }

    /** Changes apps the way {@code ./parley app ...} does: its own connection to the node's storage, no notification. */
    public void asTheCli(Consumer<AppAdmin> change) {
        Database db = database == null ? Database.openEmbedded(config.dataDir())
                : Database.openPostgres(database.jdbcUrl(), database.user(), null);
        try (db) {
            change.accept(new AppAdmin(SecretsAtRest.open(db, config.dataDir(), env), Clock.systemUTC(), () -> { }));
        }
    }

    public ParleyServer server() {
        if (server == null) {
            throw new IllegalStateException("node is stopped");
        }
        return server;
    }

    public String appKey() {
        return appKey;
    }

    public String appSecret() {
        return appSecret;
    }

    public String naviUrl() {
        return "http://127.0.0.1:" + config.httpPort();
    }

    public int httpPort() {
        return config.httpPort();
    }

    public int tcpPort() {
        return config.tcpPort();
    }

    public ServerConfig config() {
        return config;
    }

    public ApiClient api() {
        return new ApiClient(naviUrl(), appKey, appSecret);
    }

    /** The value of an unlabelled metric as /metrics shows it (Prometheus name, e.g. {@code parley_gateway_sessions}). */
    public double metric(String prometheusName) {
        String text;
        try {
            text = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(naviUrl() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return text.lines().filter(l -> l.startsWith(prometheusName + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(prometheusName.length() + 1).trim()))
                .orElseThrow(() -> new IllegalStateException("no metric " + prometheusName));
    }

    /** Registers a user and returns a fresh token. */
    public String token(String userId) {
        return api().token(userId);
    }

    public boolean running() {
        return server != null;
    }

    /** Stops the node (every node of the cluster), dropping every connection. */
    public void stop() {
        peers.forEach(ParleyServer::close);
        peers.clear();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the node (the cluster) again on the same ports and data. */
    public void restart() {
        stop();
        startAll();
    }

    /** Starts the node (every node of the cluster) again on the same HTTP port and data, but a new TCP gateway port. */
    public void restartOnNewTcpPort() {
        stop();
        config = config.withPorts(config.httpPort(), freePort());
        peerConfigs.replaceAll(c -> c.withPorts(c.httpPort(), freePort()));
        startAll();
    }

    private void startAll() {
        server = ParleyServer.start(config, env);
        peerConfigs.forEach(c -> peers.add(ParleyServer.start(c, env)));
        awaitClusterFormed();
    }

    @Override
    public void close() {
        stop();
        if (database != null) {
            database.close();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
