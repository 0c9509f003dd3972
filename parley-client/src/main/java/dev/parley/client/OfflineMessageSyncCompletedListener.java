package dev.parley.client;

/**
 * Told when the offline sync after a connect has finished: every message the server held for
 * this device has been delivered. Fires once per successful connection, reconnections
 * included. Runs on the SDK's callback executor.
 */
@FunctionalInterface
public interface OfflineMessageSyncCompletedListener {
    void onSyncCompleted();
}
