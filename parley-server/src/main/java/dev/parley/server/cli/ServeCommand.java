package dev.parley.server.cli;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ClusterSettings;
import dev.parley.server.config.PostgresUrl;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code parley serve}: runs a node until interrupted. Every option can also come from the
 * environment ({@code PARLEY_HTTP_PORT}) or a {@code --config} file ({@code http-port=8700}):
 * see {@link OptionSources}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {"Start a Parley node.",
        "Every option can also be set by the environment variable PARLEY_<OPTION> (--postgres-url: "
                + "PARLEY_POSTGRES_URL) or in a --config file (postgres-url=...); the command line wins over the "
                + "environment, the environment over the file."},
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--data-dir", defaultValue = "./data", description = "Embedded storage directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "" + ServerConfig.DEFAULT_HTTP_PORT,
            description = "Server API, navigation, WebSocket (/ws), /health, /metrics (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--tcp-port", defaultValue = "" + ServerConfig.DEFAULT_TCP_PORT,
            description = "Raw TCP gateway (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--heartbeat-seconds", defaultValue = "30", description = "Client ping interval (default: ${DEFAULT-VALUE}).")
    long heartbeatSeconds;

    @Option(names = "--idle-timeout-seconds", defaultValue = "100",
            description = "Close a connection silent for this long (default: ${DEFAULT-VALUE}).")
    long idleSeconds;

    @Option(names = "--auth-timeout-seconds", defaultValue = "10",
            description = "A new socket must authenticate within this (default: ${DEFAULT-VALUE}).")
    long authSeconds;

    @Option(names = "--signature-skew-seconds", defaultValue = "300",
            description = "Accepted clock difference for Server API signatures (default: ${DEFAULT-VALUE}).")
    long skewSeconds;

    @Option(names = "--advertise-tcp", split = ",", description = "TCP gateway host:port list handed out by navigation "
            + "(default: the host the client used, with --tcp-port).")
    List<String> advertiseTcp = new ArrayList<>();

    @Option(names = "--advertise-ws", split = ",", description = "WebSocket gateway URLs handed out by navigation "
            + "(default: ws://<host the client used>/ws).")
    List<String> advertiseWs = new ArrayList<>();

    @Option(names = "--api-threads", defaultValue = "16", description = "Threads serving the Server API (default: ${DEFAULT-VALUE}).")
    int apiThreads;

    @Option(names = "--commit-window-ms", defaultValue = "1", description = "While sends arrive concurrently, the "
            + "storage writer gathers each batch this long before committing it: fewer, larger commits cost far less "
            + "CPU per message, for up to this much latency (0 = commit as soon as the previous commit ends; "
            + "default: ${DEFAULT-VALUE}).")
    int commitWindowMs;

    @Option(names = "--durability", defaultValue = "fsync", converter = DurabilityConverter.class,
            paramLabel = "fsync|os", description = "When a send is acknowledged: 'fsync' (default) after its batch is "
            + "fsynced to disk, so that it survives a power cut or a kernel crash, at the cost of one fsync per "
            + "group-commit batch; 'os' once its batch is handed to the operating system, which survives the node's "
            + "process being killed but can lose the messages acknowledged in the last seconds (up to ~30 s with Linux's default "
            + "writeback) if the machine loses power or its kernel crashes.")
    Durability durability;

    @Option(names = "--config", paramLabel = "FILE", description = "Java properties file of options, keyed by option "
            + "name without the dashes (postgres-url=...).")
    Path configFile;

    @Option(names = "--postgres-url", paramLabel = "URL", description = "Cluster mode (with --redis-url): the shared "
            + "PostgreSQL, postgresql://user:password@host:5432/db or jdbc:postgresql://host:5432/db.")
    String postgresUrl;

    @Option(names = "--postgres-user", paramLabel = "USER", description = "PostgreSQL user (default: the URL's).")
    String postgresUser;

    @Option(names = "--postgres-password", paramLabel = "PASSWORD", description = "PostgreSQL password (default: "
            + "the URL's). Prefer PARLEY_POSTGRES_PASSWORD or the config file: a command line is visible to every "
            + "user of the machine.")
    String postgresPassword;

    @Option(names = "--redis-url", paramLabel = "URL", description = "Cluster mode (with --postgres-url): the shared "
            + "Redis, redis://[:password@]host:6379[/db] (rediss:// for TLS).")
    String redisUrl;

    @Option(names = "--node-id", paramLabel = "ID", description = "This node's name in the cluster, unique among live "
            + "nodes, 1-64 of [A-Za-z0-9._-] (default: <hostname>-<http-port>).")
    String nodeId;

    @Option(names = "--redis-key-prefix", paramLabel = "PREFIX", defaultValue = ClusterSettings.DEFAULT_KEY_PREFIX,
            description = "Prefix of every Redis key and channel of this cluster (default: ${DEFAULT-VALUE}).")
    String redisKeyPrefix;

    @Option(names = "--advertise-host", paramLabel = "HOST", description = "Host navigation hands out for this "
            + "node's gateways when --advertise-tcp/--advertise-ws are not given (default: --host if it is not "
            + "0.0.0.0, else this machine's name).")
    String advertiseHost;

    @Option(names = "--drain", description = "Start draining: take no new connections (31006, go back to "
            + "navigation) until the drain is lifted.")
    boolean drain;

    @Option(names = "--drain-seconds", paramLabel = "N", defaultValue = "5", description = "On SIGTERM, send live "
            + "sessions elsewhere spread over this long, then stop (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    /** The node's configuration as given on the command line, in the environment and in the config file. */
    ServerConfig config() {
        return new ServerConfig(dataDir, host, httpPort, tcpPort, Duration.ofSeconds(heartbeatSeconds),
                Duration.ofSeconds(idleSeconds), Duration.ofSeconds(authSeconds), Duration.ofSeconds(skewSeconds),
                advertiseTcp, advertiseWs, apiThreads, Duration.ofMillis(commitWindowMs), durability, null)
                .withCluster(cluster());
    }

    /**
     * The cluster the node joins, or null for an embedded node.
     *
     * @throws IllegalArgumentException when only one of the two URLs is given, or a value is malformed
     */
    ClusterSettings cluster() {
        if (postgresUrl == null && redisUrl == null) {
            return null;
        }
        if (postgresUrl == null || redisUrl == null) {
            throw new IllegalArgumentException("cluster mode needs both --postgres-url and --redis-url (only --"
                    + (postgresUrl == null ? "redis-url" : "postgres-url") + " was given)");
        }
        PostgresUrl postgres = PostgresUrl.parse(postgresUrl, postgresUser, postgresPassword);
        return new ClusterSettings(postgres.jdbcUrl(), postgres.user(), postgres.password(), redisUrl.strip(),
                nodeId != null ? nodeId : NodeIdentity.defaultNodeId(NodeIdentity.localHostName(), httpPort),
                redisKeyPrefix, advertiseHost != null ? advertiseHost : defaultAdvertiseHost(), drain);
    }

    private String defaultAdvertiseHost() {
        return host.equals("0.0.0.0") || host.equals("::") ? NodeIdentity.localHostName() : host;
    }

    /** One line for the log: where the node keeps its data, passwords masked. */
    static String describe(ServerConfig config) {
        ClusterSettings c = config.cluster();
        if (c == null) {
            return "embedded node, data in " + config.dataDir().toAbsolutePath();
        }
        return "cluster node " + c.nodeId() + " on PostgreSQL "
                + new PostgresUrl(c.postgresUrl(), c.postgresUser(), c.postgresPassword())
                + " and Redis " + PostgresUrl.masked(c.redisUrl()) + " (keys " + c.keyPrefix() + ":*), advertised as "
                + c.advertiseHost();
    }

    @Override
    public Integer call() throws InterruptedException {
        if (drainSeconds < 0) {
            throw new IllegalArgumentException("--drain-seconds must be 0 or more");
        }
        ServerConfig config = config();
        log.info("Starting {}", describe(config));
        ParleyServer server = ParleyServer.start(config);
        if (drain && !server.draining()) {
            server.drain();
        }
        server.initialCredentials().ifPresent(c -> {
            System.out.println("First start: created the default app.");
            System.out.println("  App Key:     " + c.appKey());
            System.out.println("  Credentials: " + c.file().toAbsolutePath() + " (App Secret and console password; owner-only)");
        });
        System.out.println("Parley is up: HTTP " + server.httpPort() + ", TCP " + server.tcpPort()
                + ". Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopGracefully(server, Duration.ofSeconds(drainSeconds));
            stopped.countDown();
        }, "parley-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * SIGTERM (or Ctrl-C): the node drains for {@code drainFor} (no new connections; live
     * sessions told 31006 in small batches, so they reconnect elsewhere without all arriving at
     * once), then stops. One log line per step, so an operator sees where a slow stop hangs.
     */
    static void stopGracefully(ParleyServer server, Duration drainFor) {
        log.info("Stopping: draining {} live sessions over {} s (31006: reconnect through navigation)",
                server.sessions().size(), drainFor.toSeconds());
        boolean drained = server.drainAndWait(drainFor);
        if (drained) {
            log.info("Drained: every session was sent elsewhere; closing");
        } else {
            log.info("Drain period over with {} sessions left; closing", server.sessions().size());
        }
        server.close();
        log.info("Stopped");
    }

    /** {@code fsync} or {@code os}; anything else is a usage error naming both. */
    static final class DurabilityConverter implements ITypeConverter<Durability> {
        @Override
        public Durability convert(String value) {
            try {
                return Durability.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected one of " + Durability.names() + " but was '" + value + "'");
            }
        }
    }
}
