package dev.parley.bench.node;

import dev.parley.bench.measure.ServerProbe;
import dev.parley.server.FirstStart;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ServerConfig;
import java.nio.file.Path;

/**
 * A node started inside the bench's own JVM on a temporary data dir: quick to start, but
 * server and generator then share CPU, heap and the file-descriptor limit, so its figures
 * describe both together. Use {@link ServerProcessNode} for figures to publish.
 */
public final class InProcessNode implements Node {
    private final ParleyServer server;
    private final FirstStart.InitialCredentials credentials;
    private final Path dataDir;
    private final boolean keepData;

    private InProcessNode(ParleyServer server, Path dataDir, boolean keepData) {
        this.server = server;
        this.credentials = server.initialCredentials()
                .orElseThrow(() -> new IllegalStateException("the data dir " + dataDir + " was not empty"));
        this.dataDir = dataDir;
        this.keepData = keepData;
    }

    /** Starts a node on loopback, free ports, in the empty directory {@code dataDir}. */
    public static InProcessNode start(Path dataDir, boolean keepData) {
        ServerConfig config = ServerConfig.defaults(dataDir).withBindHost("127.0.0.1").withPorts(0, 0);
        return new InProcessNode(ParleyServer.start(config), dataDir, keepData);
    }

    @Override
    public String naviUrl() {
        return server.httpUrl();
    }

    @Override
    public String appKey() {
        return credentials.appKey();
    }

    @Override
    public String appSecret() {
        return credentials.appSecret();
    }

    @Override
    public ServerProbe probe() {
        return ServerProbe.ofJvm(ProcessHandle.current().pid());
    }

    @Override
    public String mode() {
        return "in-process (server and generator share one JVM)";
    }

    @Override
    public boolean liftSendRateLimit() {
        AppSettings.liftSendRateLimit(dataDir, appKey());
        return true;
    }

    @Override
    public boolean sharesGeneratorJvm() {
        return true;
    }

    @Override
    public void close() {
        server.close();
        if (!keepData) {
            TempDirs.deleteQuietly(dataDir);
        }
    }
}
