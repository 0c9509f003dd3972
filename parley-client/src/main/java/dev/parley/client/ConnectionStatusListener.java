package dev.parley.client;

/**
 * Told of every change of an engine's {@link ConnectionStatus}, in order, never twice in a
 * row with the same status. Runs on the SDK's callback executor.
 */
@FunctionalInterface
public interface ConnectionStatusListener {
    /** The engine's status is now {@code status}. */
    void onChanged(ConnectionStatus status);
}
