package dev.parley.client.testing;

import static org.awaitility.Awaitility.await;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fake gateway and navigation service per test, and engines with timeouts short enough
 * for tests (ConnectAck 1 s, pong 1 s, navigation 2 s). Engines made here are destroyed
 * after each test.
 */
public abstract class EngineTestBase {
    protected static final String APP_KEY = "testapp";

    @TempDir
    protected Path dataDir;
    protected FakeGateway gateway;
    protected FakeNavi navi;
    private final List<ImEngine> engines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakes() throws Exception {
        gateway = new FakeGateway().start();
        navi = new FakeNavi().pointAt(gateway);
    }

    @AfterEach
    void stopAll() throws Exception {
        engines.forEach(ImEngine::destroy);
        navi.close();
        gateway.close();
    }

    /** Options for an engine of this test, adjustable before building. */
    protected EngineOptions.Builder options() {
        return EngineOptions.builder()
                .appKey(APP_KEY)
                .naviServer(navi.url())
                .dataDir(dataDir)
                .connectAckTimeout(Duration.ofSeconds(1))
                .pongTimeout(Duration.ofSeconds(1))
                .naviTimeout(Duration.ofSeconds(2));
    }

    protected ImEngine newEngine() {
        return newEngine(b -> { });
    }

    protected ImEngine newEngine(Consumer<EngineOptions.Builder> tweak) {
        EngineOptions.Builder b = options();
        tweak.accept(b);
        ImEngine engine = ImEngine.create(b.build());
        engines.add(engine);
        return engine;
    }

    protected static String token(String userId) {
        return Tokens.forUser(APP_KEY, userId);
    }

    protected static void awaitStatus(ImEngine engine, ConnectionStatus status) {
        await().atMost(Duration.ofSeconds(10)).until(engine::getConnectionStatus, s -> s == status);
    }
}
