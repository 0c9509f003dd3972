package dev.parley.client.testing;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ConnectionStatusListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every status an engine reported, in order. */
public final class StatusRecorder implements ConnectionStatusListener {
    public final List<ConnectionStatus> history = new CopyOnWriteArrayList<>();
    public final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onChanged(ConnectionStatus status) {
        threads.add(Thread.currentThread());
        history.add(status);
    }

    public long count(ConnectionStatus status) {
        return history.stream().filter(s -> s == status).count();
    }

    public ConnectionStatus last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
