package dev.parley.client.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * An engine actor the test runs by hand: tasks wait in order until {@link #runAll}, like
 * frames that came in while the real actor was busy.
 */
final class ManualActor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs every waiting task, and what they post, in order. */
    void runAll() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }
}
