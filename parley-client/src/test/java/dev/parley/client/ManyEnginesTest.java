package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.testing.EngineTestBase;
import dev.parley.client.testing.RecordingCallback;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engines share threads, so a load generator can run hundreds in one JVM. */
class ManyEnginesTest extends EngineTestBase {
    private static final int ENGINES = 200;

    @Test
    void twoHundredEnginesConnectOnAHandfulOfThreads() {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<ImEngine> engines = new ArrayList<>();
        List<RecordingCallback> callbacks = new ArrayList<>();
        for (int i = 0; i < ENGINES; i++) {
            ImEngine engine = newEngine();
            RecordingCallback cb = new RecordingCallback();
            assertThat(engine.connect(token("user" + i), 30, cb)).isZero();
            engines.add(engine);
            callbacks.add(cb);
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> callbacks.stream().allMatch(cb -> cb.connected.getNow(-1) == 0));

        assertThat(engines).allSatisfy(e -> assertThat(e.getConnectionStatus()).isEqualTo(ConnectionStatus.CONNECTED));
        assertThat(gateway.openSockets()).isEqualTo(ENGINES);
        long sdkThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("parley-")).count();
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(sdkThreads).isLessThanOrEqualTo(30);
        assertThat(threadsAfter - threadsBefore).isLessThan(40);
    }
}
