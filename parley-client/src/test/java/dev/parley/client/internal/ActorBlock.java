package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds an engine's actor busy, so frames and API calls pile up behind it, until closed. */
final class ActorBlock implements AutoCloseable {
    private final SerialExecutor actor;
    private final CountDownLatch release = new CountDownLatch(1);

    private ActorBlock(SerialExecutor actor) {
        this.actor = actor;
    }

    static ActorBlock on(Messaging messaging) throws InterruptedException {
        ActorBlock block = new ActorBlock(messaging.actor());
        CountDownLatch running = new CountDownLatch(1);
        block.actor.execute(() -> {
            running.countDown();
            try {
                block.release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        return block;
    }

    void awaitQueued(int tasks) {
        await().atMost(Duration.ofSeconds(10)).until(() -> actor.pending() >= tasks);
    }

    @Override
    public void close() {
        release.countDown();
    }
}
