package dev.parley.client.internal;

/**
 * The executors of one engine, shared by its connection and messaging halves: the actor that
 * owns all state, the callback executor that runs app code, and timers that land on the actor.
 */
final class EngineThreads {
    final SerialExecutor actor = new SerialExecutor(SharedRuntime.enginePool(), "Engine state machine task");
    final SerialExecutor callbacks = new SerialExecutor(SharedRuntime.callbackPool(), "App callback");
    final ActorTimer timers = new ActorTimer(SharedRuntime.timer(), actor);
}
