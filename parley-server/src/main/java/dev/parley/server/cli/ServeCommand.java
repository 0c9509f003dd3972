package dev.parley.server.cli;

import dev.parley.server.ParleyServer;
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

/** {@code parley serve}: runs a node until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start a Parley node.")
final class ServeCommand implements Callable<Integer> {
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

    /** The node's configuration as given on the command line. */
    ServerConfig config() {
        return new ServerConfig(dataDir, host, httpPort, tcpPort, Duration.ofSeconds(heartbeatSeconds),
                Duration.ofSeconds(idleSeconds), Duration.ofSeconds(authSeconds), Duration.ofSeconds(skewSeconds),
                advertiseTcp, advertiseWs, apiThreads, Duration.ofMillis(commitWindowMs), durability, null);
    }

    @Override
    public Integer call() throws InterruptedException {
        ParleyServer server = ParleyServer.start(config());
        server.initialCredentials().ifPresent(c -> {
            System.out.println("First start: created the default app.");
            System.out.println("  App Key:     " + c.appKey());
            System.out.println("  Credentials: " + c.file().toAbsolutePath() + " (App Secret and console password; owner-only)");
        });
        System.out.println("Parley is up: HTTP " + server.httpPort() + ", TCP " + server.tcpPort()
                + ". Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "parley-shutdown"));
        stopped.await();
        return 0;
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
