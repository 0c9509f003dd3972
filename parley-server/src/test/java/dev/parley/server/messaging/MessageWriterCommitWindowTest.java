package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.Database;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoredMessage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's commit window: concurrent sends share a commit; a send after a quiet spell is not held back. */
class MessageWriterCommitWindowTest {
    private static final Duration WINDOW = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    private Database db;
    private Delivery delivery;
    private MessageWriter writer;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean holdAfterNextBatch = new AtomicBoolean();
    private int sent;

    @BeforeEach
    void open() {
        db = Database.openEmbedded(dir);
        delivery = new Delivery(new SessionRegistry());
        // The hook runs on the writer's thread after each batch: holding it there lets the test
        // queue sends that the writer must then take as one batch.
        writer = new MessageWriter(new SqlMessageStore(db), delivery, new InboxHeads(), metrics, WINDOW, () -> {
            if (holdAfterNextBatch.getAndSet(false)) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    @AfterEach
    void close() {
        writer.close();
        delivery.close();
        db.close();
    }

    private CompletableFuture<SendCommand.Stored> send() {
        int n = ++sent;
        StoredMessage m = new StoredMessage("app", "uid-" + n, "alice", "c-" + n, 1, "bob", "1:alice:bob", "RC:TxtMsg",
                "{\"content\":\"" + n + "\"}", null, 0, List.of(), System.currentTimeMillis());
        CompletableFuture<SendCommand.Stored> done = new CompletableFuture<>();
        assertThat(writer.submit(new SendCommand(m, List.of("bob", "alice"), null, null, done))).isTrue();
        return done;
    }

    private DistributionSummary batches() {
        return metrics.get("parley.writer.batch.messages").summary();
    }

    @Test
    void aLoneSendIsCommittedWithoutWaitingForTheWindow() {
        CompletableFuture<SendCommand.Stored> lone = send();

        // Well under the one-second window.
        await().atMost(Duration.ofMillis(700)).until(lone::isDone);
        assertThat(batches().count()).isEqualTo(1);
    }

    @Test
    void underConcurrentSendsASendArrivingWithinTheWindowSharesTheCommit() {
        holdAfterNextBatch.set(true);
        send().join();
        // The writer is held after its first batch: these two queue up and become one batch.
        CompletableFuture<SendCommand.Stored> a = send();
        CompletableFuture<SendCommand.Stored> b = send();
        release.countDown();
        CompletableFuture.allOf(a, b).join();
        assertThat(batches().count()).isEqualTo(2);
        assertThat(batches().totalAmount()).isEqualTo(3);

        // The previous batch held two: the next one is gathered for the window. This send is
        // taken at once, and the next arrives while the writer waits.
        CompletableFuture<SendCommand.Stored> first = send();
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofMillis(500))
                .until(() -> metrics.get("parley.writer.queue").gauge().value() == 0);
        CompletableFuture<SendCommand.Stored> second = send();
        CompletableFuture.allOf(first, second).join();

        assertThat(batches().count()).as("one commit for both").isEqualTo(3);
        assertThat(batches().max()).isEqualTo(2);
    }
}
