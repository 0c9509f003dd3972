package dev.parley.server.support;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real node for tests: its own data dir, free ports, short heartbeats. Can be stopped and
 * started again on the same ports and data, as a restarted server would be.
 */
public final class TestNode implements AutoCloseable {
    private ServerConfig config;
    private final String appKey;
    private final String appSecret;
    private ParleyServer server;

    public TestNode(Path dataDir) {
        this(dataDir, List.of());
    }

    /** A node whose default app has no send limit: tests that send faster than a person types. */
    public static TestNode withoutSendLimit(Path dataDir) {
        TestNode node = new TestNode(dataDir);
        node.server().appAdmin().setSendRateLimit(node.appKey(), 0);
        return node;
    }

    /** A node whose navigation hands out {@code advertiseTcp} instead of its own TCP port. */
    public TestNode(Path dataDir, List<String> advertiseTcp) {
        this(dataDir, cfg -> cfg.withAdvertised(advertiseTcp, List.of()));
    }

    /** A node whose test configuration {@code tweak} adjusts (e.g. other timings). */
    public TestNode(Path dataDir, UnaryOperator<ServerConfig> tweak) {
        ServerConfig cfg = tweak.apply(ServerConfig.defaults(dataDir).withBindHost("127.0.0.1")
                .withPorts(freePort(), freePort())
                .withTimings(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(2)));
        this.config = cfg;
        server = ParleyServer.start(cfg);
        var creds = server.initialCredentials().orElseThrow();
        appKey = creds.appKey();
        appSecret = creds.appSecret();
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

    /** Stops the node, dropping every connection. */
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the node again on the same ports and data. */
    public void restart() {
        stop();
        server = ParleyServer.start(config);
    }

    /** Starts the node again on the same HTTP port and data, but a new TCP gateway port. */
    public void restartOnNewTcpPort() {
        stop();
        config = config.withPorts(config.httpPort(), freePort());
        server = ParleyServer.start(config);
    }

    @Override
    public void close() {
        stop();
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
