package dev.parley.client.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool. Each engine has two of
 * these (state machine, callbacks), which is what lets thousands of engines share a handful
 * of threads. A task that throws is logged and does not stop later tasks.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    // Bounded so one busy engine yields its pool thread to others now and then.
    private static final int BATCH = 64;

    private final Executor pool;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** @param name what the tasks are, for the log line when one throws */
    SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleDrain();
    }

    /** Tasks waiting to run (not counting one running now). */
    int pending() {
        return tasks.size();
    }

    private void scheduleDrain() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.warn("{} threw", name, e);
                }
            }
        } finally {
            scheduled.set(false);
            // A task added between the last poll and the flag reset must not be stranded.
            scheduleDrain();
        }
    }
}
