package dev.parley.client.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Schedules work onto an engine's state-machine executor after a delay. The shared timer
 * thread only hands the task over, so one timer thread serves every engine. A cancelled timer
 * may still run if it fired just before cancellation: callers guard with their own epoch.
 */
final class ActorTimer {
    private final ScheduledExecutorService timer;
    private final Executor actor;

    ActorTimer(ScheduledExecutorService timer, Executor actor) {
        this.timer = timer;
        this.actor = actor;
    }

    /** Runs {@code task} on the actor after {@code delay}. */
    Future<?> after(Duration delay, Runnable task) {
        return timer.schedule(() -> actor.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Cancels a timer returned by {@link #after}; null is ignored. */
    static void cancel(Future<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
