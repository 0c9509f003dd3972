package dev.parley.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.measure.ServerProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node started as its own {@code java -jar parley-server-*-all.jar serve} process on a
 * temporary data dir and free loopback ports. Its CPU time, resident memory and file
 * descriptors are its own, apart from the generator's: the mode for published figures.
 */
public final class ServerProcessNode implements Node {

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
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--host", "127.0.0.1",
                "--http-port", "0", "--tcp-port", "0"));
        args.addAll(serveArgs);
        ServerNodes.Started launched = ServerNodes.launch(jar, jvmOptions, args, Map.of(), runDir.resolve("server.log"));
        try {
            JsonNode creds = new ObjectMapper().readTree(dataDir.resolve("initial-credentials.json").toFile());
            return new ServerProcessNode(launched.process(), runDir, keepData, launched.httpPort(),
                    creds.get("appKey").asText(), creds.get("appSecret").asText(), launched.command());
        } catch (IOException | RuntimeException e) {
            ServerNodes.stop(launched.process());
            throw e;
        }
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
        ServerNodes.stop(process);
        if (keepData) {
            System.err.println("Server data and log kept in " + runDir);
        } else {
            TempDirs.deleteQuietly(runDir);
        }
    }

}
