package dev.parley.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.measure.ServerProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node started as its own {@code java -jar parley-server-*-all.jar serve} process on a
 * temporary data dir and free loopback ports. Its CPU time, resident memory and file
 * descriptors are its own, apart from the generator's: the mode for published figures.
 */
public final class ServerProcessNode implements Node {
    private static final Pattern UP = Pattern.compile("Parley is up: HTTP (\\d+), TCP (\\d+)");
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Process process;
    private final Path runDir;
    private final boolean keepData;
    private final int httpPort;
    private final String appKey;
    private final String appSecret;
    private final List<String> command;

    private ServerProcessNode(Process process, Path runDir, boolean keepData, int httpPort, String appKey,
                              String appSecret, List<String> command) {
        this.process = process;
        this.runDir = runDir;
        this.keepData = keepData;
        this.httpPort = httpPort;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.command = command;
    }

    /**
     * Starts the server jar and waits until it accepts connections.
     *
     * @param jvmOptions options for the server's JVM, e.g. {@code -Xmx1g}
     * @param serveArgs  extra options of {@code serve}, e.g. {@code --commit-window-ms 0}
     * @param runDir     empty directory for the node's data and its log
     */
    public static ServerProcessNode start(Path jar, List<String> jvmOptions, List<String> serveArgs, Path runDir,
                                          boolean keepData) throws IOException, InterruptedException {
        Path dataDir = runDir.resolve("data");
        Path log = runDir.resolve("server.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "serve", "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
                "--http-port", "0", "--tcp-port", "0"));
        cmd.addAll(serveArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int httpPort = awaitUp(p, log);
            JsonNode creds = new ObjectMapper().readTree(dataDir.resolve("initial-credentials.json").toFile());
            return new ServerProcessNode(p, runDir, keepData, httpPort, creds.get("appKey").asText(),
                    creds.get("appSecret").asText(), cmd);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(p);
            throw e;
        }
    }

    private static int awaitUp(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = UP.matcher(out);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.exitValue() + ":\n" + tail(out));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not come up within " + START_TIMEOUT_MILLIS / 1000
                + " s; see " + log);
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    @Override
    public String naviUrl() {
        return "http://127.0.0.1:" + httpPort;
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
        return ServerProbe.ofJvm(process.pid());
    }

    @Override
    public String mode() {
        return "server process (pid " + process.pid() + "): " + String.join(" ", command.subList(1, command.size()));
    }

    @Override
    public boolean liftSendRateLimit() {
        AppSettings.liftSendRateLimit(runDir.resolve("data"), appKey());
        return true;
    }

    @Override
    public boolean sharesGeneratorJvm() {
        return false;
    }

    @Override
    public void close() {
        stop(process);
        if (keepData) {
            System.err.println("Server data and log kept in " + runDir);
        } else {
            TempDirs.deleteQuietly(runDir);
        }
    }

    // SIGTERM runs the node's shutdown hook (closes connections and the database); force only if it hangs.
    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
