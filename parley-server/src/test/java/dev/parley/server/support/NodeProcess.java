package dev.parley.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A node in its own JVM, started with {@code parley serve} exactly as an operator would, so
 * a test can kill it with SIGKILL mid-flight and start it again on the same data.
 */
public final class NodeProcess implements AutoCloseable {
    private final Path dataDir;
    private final int httpPort = TestNode.freePort();
    private final int tcpPort = TestNode.freePort();
    private Process process;
    private String appKey;
    private String appSecret;

    public NodeProcess(Path dataDir) {
        this.dataDir = dataDir;
        start();
    }

    public void start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.parley.server.cli.ParleyCli", "serve", "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
                "--http-port", Integer.toString(httpPort), "--tcp-port", Integer.toString(tcpPort),
                "--heartbeat-seconds", "1", "--idle-timeout-seconds", "5");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("node process exited with " + process.exitValue());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(naviUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        if (appKey == null) {
            try {
                JsonNode creds = new ObjectMapper().readTree(dataDir.resolve("initial-credentials.json").toFile());
                appKey = creds.get("appKey").asText();
                appSecret = creds.get("appSecret").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String naviUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String appKey() {
        return appKey;
    }

    public ApiClient api() {
        return new ApiClient(naviUrl(), appKey, appSecret);
    }

    public List<Integer> ports() {
        return List.of(httpPort, tcpPort);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

}
