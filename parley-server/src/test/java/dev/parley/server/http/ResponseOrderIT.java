package dev.parley.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.auth.ApiSignature;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.RawHttpConnection;
import dev.parley.server.support.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelined requests on one connection are answered in the order they were sent (HTTP/1.1). */
class ResponseOrderIT {
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: node\r\n\r\n";

    @TempDir
    static Path dir;
    static TestNode node;

    @BeforeAll
    static void start() {
        node = new TestNode(dir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String signedPublish(String msgRandom) {
        String body = ApiClient.form("fromUserId", "ordering", "toUserId", "reader", "objectName", "RC:TxtMsg",
                "content", "{\"content\":\"first in line\"}", "msgRandom", msgRandom);
        String nonce = UUID.randomUUID().toString();
        String timestamp = Long.toString(System.currentTimeMillis());
        return "POST /message/private/publish.json HTTP/1.1\r\nHost: node\r\n"
                + "App-Key: " + node.appKey() + "\r\nNonce: " + nonce + "\r\nTimestamp: " + timestamp + "\r\n"
                + "Signature: " + ApiSignature.compute(node.appSecret(), nonce, timestamp) + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void aPipelinedPublishAndHealthCheckAreAnsweredInRequestOrder() {
        try (RawHttpConnection c = new RawHttpConnection(node.httpPort())) {
            c.write(signedPublish("1") + HEALTH);

            await().atMost(Duration.ofSeconds(10)).until(() -> c.responses() == 2);
            String answers = c.received();
            assertThat(answers.indexOf("messageUIDs")).as("the publish answer comes first:%n%s", answers)
                    .isGreaterThan(0).isLessThan(answers.indexOf("{\"code\":200,\"status\":\"UP\""));
        }
    }

    @Test
    void aLongPipelineIsAnsweredInOrderAndTheConnectionStaysUsable() {
        try (RawHttpConnection c = new RawHttpConnection(node.httpPort())) {
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                pipeline.append(signedPublish("p" + i)).append(HEALTH);
            }
            c.write(pipeline.toString());
            await().atMost(Duration.ofSeconds(20)).until(() -> c.responses() == 20);
            String answers = c.received();
            int at = 0;
            for (int i = 0; i < 10; i++) {
                int publish = answers.indexOf("messageUIDs", at);
                int health = answers.indexOf("{\"code\":200,\"status\":\"UP\"", at);
                assertThat(publish).as("answer pair %d", i).isGreaterThan(0).isLessThan(health);
                at = health + 1;
            }

            c.write(HEALTH);
            await().atMost(Duration.ofSeconds(5)).until(() -> c.responses() == 21);
        }
    }
}
