package dev.parley.client.testing;

import dev.parley.client.Message;
import dev.parley.client.SendMessageCallback;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records one send's callbacks. */
public final class SendRecorder implements SendMessageCallback {
    /** {@code saved}, {@code sent:<code>}, in order. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Message> saved = new CompletableFuture<>();
    /** Completes with the message of {@code onMessageSent}. */
    public final CompletableFuture<Message> sent = new CompletableFuture<>();
    public volatile int code = -1;

    @Override
    public void onMessageSaved(Message message) {
        events.add("saved");
        saved.complete(message);
    }

    @Override
    public void onMessageSent(int code, Message message) {
        events.add("sent:" + code);
        this.code = code;
        sent.complete(message);
    }
}
