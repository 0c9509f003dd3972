package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.protocol.ErrorCode;
import dev.parley.server.support.RawGatewayClient;
import dev.parley.server.support.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What an unauthenticated client can put in the node's log: escaped, bounded text, at a bounded rate. */
class ConnectRefusalLogIT {
    @TempDir
    static Path dir;
    static TestNode node;
    static final Logger logger = (Logger) LoggerFactory.getLogger(ConnectHandler.class);
    static final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
        log.start();
        logger.addAppender(log);
    }

    @AfterAll
    static void stop() {
        logger.detachAppender(log);
        node.close();
    }

    @BeforeEach
    void clear() {
        // A fresh second for the rate limit, so one test's flood does not hide the next test's line.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            refusedConnect("settle");
            return lines().stream().anyMatch(l -> l.contains("app=settle"));
        });
        log.list.clear();
    }

    private static List<String> lines() {
        synchronized (log.list) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static void refusedConnect(String appKey) throws IOException {
        try (RawGatewayClient c = new RawGatewayClient(node.tcpPort())) {
            assertThat(c.handshake(RawGatewayClient.connect(appKey, "token")).getCode())
                    .isEqualTo(ErrorCode.RC_CONN_ID_REJECT);
        }
    }

    @Test
    void anAppKeyWithANewlineCannotForgeALogLine() throws Exception {
        refusedConnect("x\n08:00:00.000 INFO  [main] AppAdmin - admin password reset");

        List<String> refused = lines().stream().filter(l -> l.contains("connect refused")).toList();
        assertThat(refused).singleElement().satisfies(line -> {
            assertThat(line).doesNotContain("\n").doesNotContain("\r");
            assertThat(line).contains("app=x\\n08:00:00.000 INFO");
        });
    }

    @Test
    void aHugeAppKeyMakesABoundedLine() throws Exception {
        refusedConnect("k".repeat(200_000));

        List<String> refused = lines().stream().filter(l -> l.contains("connect refused")).toList();
        assertThat(refused).singleElement().satisfies(line -> {
            assertThat(line.length()).isLessThan(400);
            assertThat(line).contains("…(200000 chars)");
        });
    }

    @Test
    void aFloodOfBadConnectsLogsABoundedNumberOfLinesAndASummary() throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            refusedConnect("flood-" + i);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;

        assertThat(lines().stream().filter(l -> l.contains("app=flood-")).count())
                .as("refusal lines for 1,000 bad connects over %d s", seconds)
                .isLessThanOrEqualTo(20 * (seconds + 1));
        // The next refusal after the flooded second reports what was dropped.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            refusedConnect("after-flood");
            return lines().stream().anyMatch(l -> l.matches("suppressed \\d+ similar connect refusals.*"));
        });
    }
}
