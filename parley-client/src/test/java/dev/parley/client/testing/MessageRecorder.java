package dev.parley.client.testing;

import dev.parley.client.ConversationReadStatusListener;
import dev.parley.client.ConversationType;
import dev.parley.client.ImEngine;
import dev.parley.client.Message;
import dev.parley.client.MessageReceivedListener;
import dev.parley.client.MessageRecalledListener;
import dev.parley.client.OfflineMessageSyncCompletedListener;
import dev.parley.client.ReadReceiptListener;
import dev.parley.client.TextMessage;
import dev.parley.client.TypingStatusListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records everything an engine's messaging listeners hear, in order. */
public final class MessageRecorder implements MessageReceivedListener, OfflineMessageSyncCompletedListener,
        TypingStatusListener, ReadReceiptListener, MessageRecalledListener, ConversationReadStatusListener {

    /** One {@code onReceived} call. */
    public record Received(Message message, int left, boolean offline, boolean hasPackage) {
        public String text() {
            return message instanceof TextMessage t ? t.getText() : message.getContent();
        }
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger syncCompleted = new AtomicInteger();
    /** {@code userId:typingContentType@type:target}. */
    public final List<String> typing = new CopyOnWriteArrayList<>();
    /** {@code type:target:time}. */
    public final List<String> readReceipts = new CopyOnWriteArrayList<>();
    public final List<Message> recalled = new CopyOnWriteArrayList<>();
    /** {@code type:target}. */
    public final List<String> readOnOtherDevice = new CopyOnWriteArrayList<>();
    public final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** Sets this recorder as every messaging listener of {@code engine}. */
    public MessageRecorder attachTo(ImEngine engine) {
        engine.setOnMessageReceivedListener(this);
        engine.setOnOfflineMessageSyncCompletedListener(this);
        engine.setOnTypingStatusListener(this);
        engine.setOnReadReceiptListener(this);
        engine.setOnMessageRecalledListener(this);
        engine.setOnConversationReadStatusListener(this);
        return this;
    }

    /** Texts (or contents) of the received messages, in order. */
    public List<String> texts() {
        return received.stream().map(Received::text).toList();
    }

    @Override
    public void onReceived(Message message, int left, boolean offline, boolean hasPackage) {
        threads.add(Thread.currentThread());
        received.add(new Received(message, left, offline, hasPackage));
    }

    @Override
    public void onSyncCompleted() {
        syncCompleted.incrementAndGet();
    }

    @Override
    public void onTyping(ConversationType type, String targetId, String userId, String typingContentType, long sentTime) {
        typing.add(userId + ":" + typingContentType + "@" + type + ":" + targetId);
    }

    @Override
    public void onReadReceipt(ConversationType type, String targetId, long lastMessageSendTime) {
        readReceipts.add(type + ":" + targetId + ":" + lastMessageSendTime);
    }

    @Override
    public void onMessageRecalled(Message message) {
        recalled.add(message);
    }

    @Override
    public void onConversationRead(ConversationType type, String targetId) {
        readOnOtherDevice.add(type + ":" + targetId);
    }
}
