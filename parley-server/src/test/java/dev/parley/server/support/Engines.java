package dev.parley.server.support;

import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.client.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates SDK engines for tests, each with its own data dir (so its own device id), and destroys them after. */
public final class Engines implements AutoCloseable {
    private final Path root;
    private final List<ImEngine> created = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    public Engines(Path root) {
        this.root = root;
    }

    public EngineOptions.Builder options(TestNode node, Platform platform) {
        return EngineOptions.builder()
                .appKey(node.appKey())
                .naviServer(node.naviUrl())
                .dataDir(root.resolve("device-" + counter.incrementAndGet()))
                .platform(platform)
                .pongTimeout(Duration.ofSeconds(1))
                .connectAckTimeout(Duration.ofSeconds(3));
    }

    public ImEngine create(TestNode node, Platform platform) {
        return create(options(node, platform));
    }

    public ImEngine create(TestNode node, Transport transport) {
        return create(options(node, Platform.DESKTOP).transport(transport));
    }

    public ImEngine create(EngineOptions.Builder options) {
        ImEngine engine = ImEngine.create(options.build());
        created.add(engine);
        return engine;
    }

    /**
     * A new engine for {@code user}, connected (code 0 within 10 s); {@code recorder}, if not
     * null, receives its messages and sync completions from before the connect on.
     */
    public ImEngine online(TestNode node, String user, Platform platform, MessageRecorder recorder)
            throws Exception {
        ImEngine engine = create(node, platform);
        if (recorder != null) {
            engine.setOnMessageReceivedListener(recorder);
            engine.setOnOfflineMessageSyncCompletedListener(recorder);
        }
        int code = connect(engine, node.token(user), 10).connected.get(10, TimeUnit.SECONDS);
        if (code != 0) {
            throw new IllegalStateException(user + " did not connect: " + code);
        }
        return engine;
    }

    /** Connects with a recorder attached as callback and status listener. */
    public static EngineRecorder connect(ImEngine engine, String token, int timeoutSeconds) {
        EngineRecorder rec = new EngineRecorder();
        engine.setOnConnectionStatusChangedListener(rec);
        int rc = engine.connect(token, timeoutSeconds, rec);
        if (rc != 0) {
            throw new IllegalStateException("connect refused synchronously with " + rc);
        }
        return rec;
    }

    @Override
    public void close() {
        created.forEach(ImEngine::destroy);
    }
}
