package dev.parley.server.cluster.harness;

import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A node in a JVM of its own, started with {@code parley serve} exactly as an operator would
 * (ParleyCli on the test classpath), so that kill -9 and SIGTERM are the real signals. It
 * keeps its ports, data dir and node id across restarts; its output goes to
 * {@code <dataDir>.log}, appended, which a failing test can show with {@link #logTail}.
 */
public final class ProcessNode implements ClusterNode {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final Path dataDir;
    private final List<String> serveOptions;
    private final Map<String, String> env;
    private final int httpPort = TestNode.freePort();
    private final int tcpPort = TestNode.freePort();
    private Process process;

    /**
     * @param serveOptions options after {@code serve} besides data dir, host, ports and timings
     *                     (the cluster's {@code --postgres-url}, {@code --redis-url}, ...)
     * @param env          added to the process environment ({@code PARLEY_SECRET_KEY})
     */
    public ProcessNode(String id, Path dataDir, List<String> serveOptions, Map<String, String> env) {
        this.id = id;
        this.dataDir = dataDir;
        this.serveOptions = List.copyOf(serveOptions);
        this.env = Map.copyOf(env);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public int tcpPort() {
        return tcpPort;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    @Override
    public void launch() {
        if (alive()) {
            throw new IllegalStateException(id + " is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.parley.server.cli.ParleyCli", "serve",
                "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
                "--http-port", Integer.toString(httpPort), "--tcp-port", Integer.toString(tcpPort),
                "--heartbeat-seconds", "1", "--idle-timeout-seconds", "5"));
        cmd.addAll(serveOptions);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        try {
            Files.createDirectories(dataDir);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /health} answers 200; fails with the end of the node's log if it exits or never does. */
    @Override
    public void awaitServing() {
        try {
            Awaitility.await(id + " serving").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(id + " exited with " + process.exitValue() + ":\n" + logTail(40));
                }
                return health().serving();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(id + " did not serve within " + START_TIMEOUT + ":\n" + logTail(40), e);
        }
    }

    @Override
    public void start() {
        launch();
        awaitServing();
    }

    @Override
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    @Override
    public void terminate() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM on Linux
        if (!awaitExit(Duration.ofSeconds(30))) {
            kill();
            throw new IllegalStateException(id + " did not exit within 30 s of SIGTERM:\n" + logTail(40));
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Exit code of the last run, or null while it runs (or never ran). */
    public Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    @Override
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The last {@code lines} lines of this node's log. */
    @Override
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroy();
            if (!awaitExit(Duration.ofSeconds(15))) {
                kill();
            }
        }
    }

    @Override
    public String toString() {
        return id + "(http " + httpPort + ", tcp " + tcpPort + ")";
    }
}
