package dev.parley.server.support;

import dev.parley.client.Message;
import dev.parley.client.SendMessageCallback;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the two callbacks of one sendMessage call. */
public final class SendRecorder implements SendMessageCallback {
    public final CompletableFuture<Message> saved = new CompletableFuture<>();
    public final CompletableFuture<Message> sent = new CompletableFuture<>();
    public final List<Integer> codes = new CopyOnWriteArrayList<>();

    @Override
    public void onMessageSaved(Message message) {
        saved.complete(message);
    }

    @Override
    public void onMessageSent(int code, Message message) {
        codes.add(code);
        sent.complete(message);
    }
}
