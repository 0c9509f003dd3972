package dev.parley.client.testing;

import dev.parley.client.ConnectCallback;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a connect reported, in order, with the thread each call ran on. */
public final class RecordingCallback implements ConnectCallback {
    /** Events as text: {@code db:0}, {@code connected:0:u1}, {@code connected:31004:null}. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<Thread> threads = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> databaseOpened = new CompletableFuture<>();
    /** Completes with the onConnected code. */
    public final CompletableFuture<Integer> connected = new CompletableFuture<>();
    public volatile String userId;

    @Override
    public void onDatabaseOpened(int code) {
        threads.add(Thread.currentThread());
        events.add("db:" + code);
        databaseOpened.complete(code);
    }

    @Override
    public void onConnected(int code, String userId) {
        threads.add(Thread.currentThread());
        events.add("connected:" + code + ":" + userId);
        this.userId = userId;
        connected.complete(code);
    }
}
