package dev.parley.server.cluster.harness;

import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.server.support.EngineRecorder;
import dev.parley.server.support.Engines;
import dev.parley.server.support.MessageRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connects SDK engines to a cluster through a navigation URL (a node's own, or the cluster's
 * balancer) with test timings, each with a data dir of its own; destroys them all on close.
 */
public final class Devices implements AutoCloseable {
    private final Path root;
    private final String appKey;
    private final List<ImEngine> created = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    public Devices(Path root, String appKey) {
        this.root = root;
        this.appKey = appKey;
    }

    /** A new DESKTOP device of {@code user}, connected (within 20 s) through {@code naviUrl}. */
    public Device online(String user, String token, String naviUrl) throws Exception {
        return online(user, token, naviUrl, Platform.DESKTOP);
    }

    public Device online(String user, String token, String naviUrl, Platform platform) throws Exception {
        ImEngine engine = ImEngine.create(EngineOptions.builder()
                .appKey(appKey)
                .naviServer(naviUrl)
                .dataDir(root.resolve("device-" + counter.incrementAndGet()))
                .platform(platform)
                .pongTimeout(Duration.ofSeconds(1))
                // The SDK's default, which is also its request timeout: a send refused after the
                // store's 3 s database timeout must get its 30014 back, not be sent again.
                .connectAckTimeout(Duration.ofSeconds(10))
                .naviTimeout(Duration.ofSeconds(3))
                .build());
        synchronized (created) {
            created.add(engine);
        }
        MessageRecorder messages = new MessageRecorder();
        engine.setOnMessageReceivedListener(messages);
        engine.setOnOfflineMessageSyncCompletedListener(messages);
        EngineRecorder connection = Engines.connect(engine, token, 20);
        int code = connection.connected.get(20, TimeUnit.SECONDS);
        if (code != 0) {
            throw new IllegalStateException(user + " did not connect: " + code);
        }
        return new Device(user, engine, messages, connection);
    }

    @Override
    public void close() {
        synchronized (created) {
            created.forEach(ImEngine::destroy);
        }
    }
}
