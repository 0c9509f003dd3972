package dev.parley.client.internal;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The executors of one engine, shared by its connection and messaging halves: the actor that
 * owns all state, the callback executor that runs app code, and timers that land on the actor.
 */
final class EngineThreads {
    final SerialExecutor actor;
    final SerialExecutor callbacks;
    final ActorTimer timers;

    EngineThreads() {
        this(new SerialExecutor(SharedRuntime.enginePool(), "Engine state machine task"),
                new SerialExecutor(SharedRuntime.callbackPool(), "App callback"), SharedRuntime.timer());
    }

    /** Lets tests run an engine's tasks and callbacks by hand. */
    EngineThreads(SerialExecutor actor, SerialExecutor callbacks, ScheduledExecutorService timer) {
        this.actor = actor;
        this.callbacks = callbacks;
        this.timers = new ActorTimer(timer, actor);
    }
}
