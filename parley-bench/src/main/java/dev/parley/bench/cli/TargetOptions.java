package dev.parley.bench.cli;

import dev.parley.bench.node.InProcessNode;
import dev.parley.bench.node.Node;
import dev.parley.bench.node.RemoteNode;
import dev.parley.bench.node.ServerJarLocator;
import dev.parley.bench.node.ServerProcessNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** Which node a scenario runs against: an existing one by URL, or one the bench starts. */
final class TargetOptions {
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

    @Option(names = "--keep-data", description = "Keep the started node's data dir and log afterwards.")
    boolean keepData;

    /** Opens (starting if needed) the node; {@code workDir} is the run's scratch directory. */
    Node open(Path workDir) throws IOException, InterruptedException {
        if (url != null) {
            if (serverProcess) {
                throw new IllegalArgumentException("--url and --server-process exclude each other");
            }
            if (appKey == null || appSecret == null) {
                throw new IllegalArgumentException("--url needs --app-key and --app-secret");
            }
            return new RemoteNode(url, appKey, appSecret,
                    serverPid == null ? OptionalLong.empty() : OptionalLong.of(serverPid));
        }
        if (serverArgs != null && !serverProcess) {
            throw new IllegalArgumentException("--server-args goes with --server-process");
        }
        if (serverPid != null || appKey != null || appSecret != null) {
            throw new IllegalArgumentException("--server-pid, --app-key and --app-secret go with --url");
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
