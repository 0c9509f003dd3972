package dev.parley.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.api.ServerApiClient;
import dev.parley.bench.measure.ServerProbe;
import dev.parley.bench.measure.ServicesMeter;
import dev.parley.bench.node.ClusterMember;
import dev.parley.bench.node.Node;
import dev.parley.bench.node.ServerNodes;
import dev.parley.bench.node.TempDirs;
import dev.parley.bench.raw.GatewayLookup;
import dev.parley.server.config.PostgresUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster of N Parley nodes the bench starts on this machine, each its own
 * {@code serve} process in cluster mode: a fresh PostgreSQL database beside the base URL's,
 * a fresh Redis key prefix, one generated node key shared by all. Node 0 starts first (it
 * migrates the schema and creates the default app), the others after it; the cluster is ready
 * when node 0's navigation names every node. The probe sums the CPU of all node processes, and
 * {@link #services()} reads PostgreSQL and Redis beside them.
 */
public final class ClusterTarget implements Node {
    private static final long NAVIGATION_TIMEOUT_MILLIS = 30_000;

    private final Settings settings;
    private final Path runDir;
    private final BenchDatabase database;
    private final String redisPrefix;
    private final List<ServerNodes.Started> nodes;
    private final List<ClusterMember> members;
    private final String appKey;
    private final String appSecret;
    private final ClusterProbe probe;
    private final ClusterServices services;

    /**
     * How to start the cluster.
     *
     * @param nodes        2 or more
     * @param postgres     the base URL; the run's database is created beside its database
     * @param redisUrl     the shared Redis
     * @param jvmOptions   each node's JVM options
     * @param serveArgs    extra {@code serve} options for every node
     * @param keepData     keep data dirs, logs and the database afterwards
     */
    public record Settings(int nodes, PostgresUrl postgres, String redisUrl, Path jar, List<String> jvmOptions,
                           List<String> serveArgs, boolean keepData) {
        public Settings {
            if (nodes < 2) {
                throw new IllegalArgumentException("a cluster needs at least 2 nodes");
            }
            jvmOptions = List.copyOf(jvmOptions);
            serveArgs = List.copyOf(serveArgs);
        }
    }

    private ClusterTarget(Settings settings, Path runDir, BenchDatabase database, String redisPrefix,
                          List<ServerNodes.Started> nodes, List<ClusterMember> members, String appKey,
                          String appSecret) {
        this.settings = settings;
        this.runDir = runDir;
        this.database = database;
        this.redisPrefix = redisPrefix;
        this.nodes = nodes;
        this.members = members;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.probe = new ClusterProbe(nodes.stream().map(n -> n.process().pid()).toList());
        this.services = new ClusterServices(database);
    }

    /** Starts the cluster in {@code runDir}; on any failure stops what it started and drops the database. */
    public static ClusterTarget start(Settings settings, Path runDir, PrintStream progress)
            throws IOException, InterruptedException, SQLException {
        BenchDatabase database = BenchDatabase.create(settings.postgres(), settings.keepData());
        String prefix = RedisKeys.freshPrefix();
        List<ServerNodes.Started> started = new ArrayList<>();
        try {
            progress.printf("Cluster: database %s, Redis %s keys %s:*, %d nodes ...%n", database.name(),
                    PostgresUrl.masked(settings.redisUrl()), prefix, settings.nodes());
            Map<String, String> env = environment(database.url());
            for (int i = 0; i < settings.nodes(); i++) {
                Path dir = Files.createDirectories(runDir.resolve("node-" + i));
                ServerNodes.Started n = ServerNodes.launch(settings.jar(), settings.jvmOptions(),
                        serveArgs(settings, database, prefix, i, dir), env, dir.resolve("server.log"));
                started.add(n);
                progress.printf("  node %d (bench-node-%d): pid %d, HTTP %d, TCP %d%n", i, i, n.process().pid(),
                        n.httpPort(), n.tcpPort());
            }
            List<ClusterMember> members = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                ServerNodes.Started n = started.get(i);
                members.add(new ClusterMember("bench-node-" + i, "http://127.0.0.1:" + n.httpPort(),
                        new InetSocketAddress("127.0.0.1", n.tcpPort())));
            }
            JsonNode creds = new ObjectMapper().readTree(runDir.resolve("node-0/data/initial-credentials.json").toFile());
            String appKey = creds.get("appKey").asText();
            String appSecret = creds.get("appSecret").asText();
            awaitNavigation(members, appKey, appSecret, progress);
            return new ClusterTarget(settings, runDir, database, prefix, started, members, appKey, appSecret);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopAll(started);
            database.close();
            cleanRedis(settings.redisUrl(), prefix);
            throw e;
        }
    }

    /** Each node's {@code serve} options: cluster mode, its own data dir and id, loopback, free ports. */
    static List<String> serveArgs(Settings settings, BenchDatabase database, String prefix, int index, Path dir) {
        List<String> args = new ArrayList<>(List.of(
                "--data-dir", dir.resolve("data").toString(),
                "--host", "127.0.0.1", "--http-port", "0", "--tcp-port", "0",
                "--postgres-url", database.url().jdbcUrl(),
                "--redis-url", settings.redisUrl(),
                "--node-id", "bench-node-" + index,
                "--redis-key-prefix", prefix,
                "--advertise-host", "127.0.0.1",
                // stopping at the end of a run need not hand sessions elsewhere first
                "--drain-seconds", "0"));
        if (database.url().user() != null) {
            args.addAll(List.of("--postgres-user", database.url().user()));
        }
        args.addAll(settings.serveArgs());
        return args;
    }

    /** The shared node key (32 random bytes), and the PostgreSQL password kept off the command line. */
    private static Map<String, String> environment(PostgresUrl url) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PARLEY_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        if (url.password() != null) {
            env.put("PARLEY_POSTGRES_PASSWORD", url.password());
        }
        return env;
    }

    /** Waits until node 0's navigation names every node's TCP gateway (the registry refreshes every 2 s). */
    private static void awaitNavigation(List<ClusterMember> members, String appKey, String appSecret,
                                        PrintStream progress) throws IOException, InterruptedException {
        String naviUrl = members.get(0).httpUrl();
        String token = new ServerApiClient(naviUrl, appKey, appSecret).getToken("bench-navigation-probe").join();
        Set<String> wanted = new HashSet<>();
        members.forEach(m -> wanted.add(m.tcpAddress()));
        long deadline = System.currentTimeMillis() + NAVIGATION_TIMEOUT_MILLIS;
        JsonNode answer = null;
        while (System.currentTimeMillis() < deadline) {
            answer = GatewayLookup.navigate(naviUrl, appKey, token);
            Set<String> listed = new HashSet<>();
            answer.path("tcp").forEach(a -> listed.add(a.asText()));
            if (listed.containsAll(wanted)) {
                progress.printf("Cluster ready: node 0's navigation lists %s%n", answer.path("tcp"));
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("node 0's navigation did not list all " + members.size() + " nodes within "
                + NAVIGATION_TIMEOUT_MILLIS / 1000 + " s; last answer " + answer);
    }

    @Override
    public String naviUrl() {
        return members.get(0).httpUrl();
    }

    @Override
    public String appKey() {
        return appKey;
    }

    @Override
    public String appSecret() {
        return appSecret;
    }

    @Override
    public ServerProbe probe() {
        return probe;
    }

    @Override
    public List<ClusterMember> members() {
        return members;
    }

    @Override
    public List<Long> serverPids() {
        return nodes.stream().map(n -> n.process().pid()).toList();
    }

    @Override
    public ServicesMeter services() {
        return services;
    }

    /** The run's PostgreSQL database name. */
    public String databaseName() {
        return database.name();
    }

    @Override
    public String mode() {
        StringBuilder b = new StringBuilder();
        b.append(nodes.size()).append("-node cluster, server processes (pids ");
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(nodes.get(i).process().pid());
        }
        List<String> cmd = nodes.get(0).command();
        b.append("), PostgreSQL database ").append(database.name()).append(" at ")
                .append(settings.postgres().jdbcUrl().replaceFirst("/[^/?]*(\\?.*)?$", ""))
                .append(", Redis ").append(PostgresUrl.masked(settings.redisUrl())).append(" keys ").append(redisPrefix)
                .append(":*; node 0: ").append(String.join(" ", cmd.subList(1, cmd.size())));
        return b.toString();
    }

    @Override
    public boolean liftSendRateLimit() {
        try {
            database.liftSendRateLimit(appKey);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lift the send rate limit in " + database.name() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String settingsStore() {
        return "the cluster's PostgreSQL (apps.send_rate_limit)";
    }

    @Override
    public boolean sharesGeneratorJvm() {
        return false;
    }

    @Override
    public void close() {
        services.close();
        stopAll(nodes);
        database.close();
        long deleted = cleanRedis(settings.redisUrl(), redisPrefix);
        if (deleted > 0) {
            System.err.printf("Removed %d Redis keys under %s:%n", deleted, redisPrefix);
        }
        if (settings.keepData()) {
            System.err.println("Cluster data dirs and logs kept in " + runDir);
        } else {
            TempDirs.deleteQuietly(runDir);
        }
    }

    private static void stopAll(List<ServerNodes.Started> nodes) {
        // SIGTERM to all first, so that they stop side by side rather than one after another
        nodes.forEach(n -> n.process().destroy());
        nodes.forEach(n -> ServerNodes.stop(n.process()));
    }

    private static long cleanRedis(String redisUrl, String prefix) {
        try {
            return RedisKeys.deleteUnder(redisUrl, prefix);
        } catch (RuntimeException e) {
            System.err.println("Could not remove the run's Redis keys under " + prefix + ": " + e.getMessage());
            return 0;
        }
    }
}
