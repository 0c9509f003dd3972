package dev.parley.bench.cli;

import dev.parley.bench.cluster.ClusterTarget;
import dev.parley.bench.node.InProcessNode;
import dev.parley.bench.node.Node;
import dev.parley.bench.node.RemoteNode;
import dev.parley.bench.node.ServerJarLocator;
import dev.parley.bench.node.ServerProcessNode;
import dev.parley.server.config.PostgresUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * Which node a scenario runs against: an existing one by URL, or one the bench starts, or a
 * cluster of several the bench starts on PostgreSQL and Redis.
 */
final class TargetOptions {
    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    @Option(names = "--url", paramLabel = "URL",
            description = "Navigation / Server API base URL of a running node, e.g. http://127.0.0.1:8700. "
                    + "Without it the bench starts a node itself on a temporary data dir.")
    String url;

    @Option(names = "--app-key", description = "App Key of the node at --url.")
    String appKey;

    @Option(names = "--app-secret", description = "App Secret of the node at --url (tokens are fetched with it).")
    String appSecret;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "Process id of the node at --url if it runs on this machine: its CPU and memory are then measured.")
    Long serverPid;

    @Option(names = "--server-process",
            description = "Start the node as its own process (java -jar parley-server-*-all.jar) so that its CPU and "
                    + "memory are measured apart from the generator's. Preferred for published figures.")
    boolean serverProcess;

    @Option(names = "--server-jar", paramLabel = "JAR",
            description = "Server jar for --server-process (default: parley-server/target/parley-server-*-all.jar).")
    Path serverJar;

    // Kept equal to the defaults of `./parley serve` (the launcher script), so that the bench
    // measures the node as users start it.
    @Option(names = "--server-jvm-opts", paramLabel = "OPTS",
            defaultValue = "-Xms64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20",
            description = "JVM options of the --server-process node, space-separated (default: those of "
                    + "`./parley serve`: ${DEFAULT-VALUE}).")
    String serverJvmOpts;

    @Option(names = "--server-args", paramLabel = "ARGS",
            description = "Extra `serve` options of the --server-process node, space-separated, e.g. "
                    + "\"--commit-window-ms 0\" (default: none).")
    String serverArgs;

    @Option(names = "--keep-data", description = "Keep the started node's data dir and log afterwards (and a "
            + "cluster's PostgreSQL database).")
    boolean keepData;

    @Option(names = "--cluster-nodes", paramLabel = "N", defaultValue = "0",
            description = "With --server-process: start N >= 2 nodes in cluster mode on this machine instead of one "
                    + "embedded node, on a fresh PostgreSQL database (created beside --postgres-url's, dropped "
                    + "afterwards) and a fresh Redis key prefix; server CPU is then all nodes' together, and "
                    + "PostgreSQL's and Redis's CPU and WAL are reported beside it (default: 0 = one embedded node).")
    int clusterNodes;

    @Option(names = "--postgres-url", paramLabel = "URL",
            description = "With --cluster-nodes: the PostgreSQL server, as jdbc:postgresql://host:port/db or "
                    + "postgresql://user:password@host:port/db; the run's database parley_bench_<random> is "
                    + "created beside db (default: " + DEFAULT_POSTGRES_URL + ").")
    String postgresUrl;

    @Option(names = "--redis-url", paramLabel = "URL",
            description = "With --cluster-nodes: the Redis the nodes share; the run uses a fresh key prefix and "
                    + "removes its keys afterwards (default: " + DEFAULT_REDIS_URL + ").")
    String redisUrl;

    /**
     * Checks that the options go together, before anything starts.
     *
     * @throws IllegalArgumentException naming the options that do not
     */
    void validate() {
        if (url != null) {
            if (serverProcess) {
                throw new IllegalArgumentException("--url and --server-process exclude each other");
            }
            if (appKey == null || appSecret == null) {
                throw new IllegalArgumentException("--url needs --app-key and --app-secret");
            }
        } else {
            if (serverArgs != null && !serverProcess) {
                throw new IllegalArgumentException("--server-args goes with --server-process");
            }
            if (serverPid != null || appKey != null || appSecret != null) {
                throw new IllegalArgumentException("--server-pid, --app-key and --app-secret go with --url");
            }
        }
        if (clusterNodes != 0) {
            if (!serverProcess) {
                throw new IllegalArgumentException("--cluster-nodes needs --server-process (the bench starts the "
                        + "cluster's nodes as processes)");
            }
            if (clusterNodes < 2) {
                throw new IllegalArgumentException("--cluster-nodes must be 2 or more (one node: leave it out)");
            }
            if (clusterNodes > 16) {
                throw new IllegalArgumentException("--cluster-nodes at most 16 on one machine");
            }
        } else if (postgresUrl != null || redisUrl != null) {
            throw new IllegalArgumentException("--postgres-url and --redis-url go with --cluster-nodes");
        }
    }

    /** Nodes the target has: 1, or the cluster's. */
    int nodeCount() {
        return clusterNodes >= 2 ? clusterNodes : 1;
    }

    /** Opens (starting if needed) the node; {@code workDir} is the run's scratch directory. */
    Node open(Path workDir) throws IOException, InterruptedException {
        return open(workDir, System.err);
    }

    /** The same, telling {@code progress} how a cluster comes up. */
    Node open(Path workDir, PrintStream progress) throws IOException, InterruptedException {
        validate();
        if (url != null) {
            return new RemoteNode(url, appKey, appSecret,
                    serverPid == null ? OptionalLong.empty() : OptionalLong.of(serverPid));
        }
        if (clusterNodes >= 2) {
            ClusterTarget.Settings settings = new ClusterTarget.Settings(clusterNodes,
                    PostgresUrl.parse(postgresUrl != null ? postgresUrl : DEFAULT_POSTGRES_URL, null, null),
                    redisUrl != null ? redisUrl.strip() : DEFAULT_REDIS_URL, ServerJarLocator.locate(serverJar),
                    jvmOptions(), split(serverArgs), keepData);
            try {
                return ClusterTarget.start(settings, Files.createDirectories(workDir.resolve("cluster")), progress);
            } catch (SQLException e) {
                throw new IllegalArgumentException("cannot create the run's database at "
                        + PostgresUrl.masked(settings.postgres().jdbcUrl()) + ": " + e.getMessage(), e);
            }
        }
        Path nodeDir = Files.createDirectories(workDir.resolve("node"));
        if (serverProcess) {
            return ServerProcessNode.start(ServerJarLocator.locate(serverJar), jvmOptions(), split(serverArgs), nodeDir,
                    keepData);
        }
        return InProcessNode.start(nodeDir.resolve("data"), keepData);
    }

    List<String> jvmOptions() {
        return split(serverJvmOpts);
    }

    static List<String> split(String options) {
        return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }
}
