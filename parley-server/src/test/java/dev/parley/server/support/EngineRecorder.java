package dev.parley.server.support;

import dev.parley.client.ConnectCallback;
import dev.parley.client.ConnectionStatus;
import dev.parley.client.ConnectionStatusListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what an engine reports: callbacks in order, statuses, and the threads they ran on. */
public final class EngineRecorder implements ConnectCallback, ConnectionStatusListener {
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<ConnectionStatus> statuses = new CopyOnWriteArrayList<>();
    public final List<String> callbackThreads = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> connected = new CompletableFuture<>();

    @Override
    public void onDatabaseOpened(int code) {
        callbackThreads.add(Thread.currentThread().getName());
        events.add("db:" + code);
    }

    @Override
    public void onConnected(int code, String userId) {
        callbackThreads.add(Thread.currentThread().getName());
        events.add("connected:" + code + ":" + userId);
        connected.complete(code);
    }

    @Override
    public void onChanged(ConnectionStatus status) {
        statuses.add(status);
    }

    /** The last status reported to the listener. */
    public ConnectionStatus lastStatus() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }
}
