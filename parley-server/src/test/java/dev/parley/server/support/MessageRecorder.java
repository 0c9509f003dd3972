package dev.parley.server.support;

import dev.parley.client.Message;
import dev.parley.client.MessageReceivedListener;
import dev.parley.client.OfflineMessageSyncCompletedListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every message an engine delivers to the app, with the listener's flags. */
public final class MessageRecorder implements MessageReceivedListener, OfflineMessageSyncCompletedListener {
    /** One delivery as the app saw it. */
    public record Delivery(Message message, int left, boolean offline, boolean hasPackage) {
    }

    public final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    public final AtomicInteger syncCompletions = new AtomicInteger();

    @Override
    public void onReceived(Message message, int left, boolean offline, boolean hasPackage) {
        deliveries.add(new Delivery(message, left, offline, hasPackage));
    }

    @Override
    public void onSyncCompleted() {
        syncCompletions.incrementAndGet();
    }

    public List<String> uids() {
        return deliveries.stream().map(d -> d.message().getMessageUId()).toList();
    }

    public List<String> contents() {
        return deliveries.stream().map(d -> d.message().getContent()).toList();
    }
}
