package dev.parley.client.internal;

import dev.parley.client.ConnectCallback;
import java.util.concurrent.Future;

/**
 * One accepted {@code connect()} call and its lifetime: from acceptance until a terminal
 * event, a timeout or {@code disconnect()}. The "finished" flag is read by the API thread to
 * decide whether a new connect is allowed; everything else belongs to the state machine.
 */
final class ConnectRequest {
    final String token;
    final int timeoutSeconds;
    final ConnectCallback callback;
    final long acceptedAtNanos;

    private volatile boolean finished;

    // State-machine confined.
    String userId;
    boolean everConnected;
    boolean outcomeReported;
    Future<?> deadline;

    ConnectRequest(String token, int timeoutSeconds, ConnectCallback callback, long acceptedAtNanos) {
        this.token = token;
        this.timeoutSeconds = timeoutSeconds;
        this.callback = callback;
        this.acceptedAtNanos = acceptedAtNanos;
    }

    boolean isFinished() {
        return finished;
    }

    void finish() {
        finished = true;
    }
}
