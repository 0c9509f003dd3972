package dev.parley.client.internal;

import dev.parley.client.ConversationReadStatusListener;
import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.MessageReceivedListener;
import dev.parley.client.MessageRecalledListener;
import dev.parley.client.OfflineMessageSyncCompletedListener;
import dev.parley.client.ReadReceiptListener;
import dev.parley.client.ResultCallback;
import dev.parley.client.SendMessageCallback;
import dev.parley.client.TypingStatusListener;
import java.util.concurrent.Executor;

/**
 * The app's messaging listeners and the one way to call app code: on the engine's callback
 * executor, in order. A listener is read when the call runs, so one set later still hears
 * calls queued before; with no listener set nothing is queued at all.
 */
final class MessageEvents {
    private final Executor callbacks;

    volatile MessageReceivedListener received;
    volatile OfflineMessageSyncCompletedListener syncCompleted;
    volatile TypingStatusListener typing;
    volatile ReadReceiptListener readReceipt;
    volatile MessageRecalledListener recalled;
    volatile ConversationReadStatusListener readOnOtherDevice;

    MessageEvents(Executor callbacks) {
        this.callbacks = callbacks;
    }

    void received(Message m, int left, boolean offline, boolean hasPackage) {
        if (received != null) {
            callbacks.execute(() -> {
                MessageReceivedListener l = received;
                if (l != null) {
                    l.onReceived(m, left, offline, hasPackage);
                }
            });
        }
    }

    void syncCompleted() {
        if (syncCompleted != null) {
            callbacks.execute(() -> {
                OfflineMessageSyncCompletedListener l = syncCompleted;
                if (l != null) {
                    l.onSyncCompleted();
                }
            });
        }
    }

    void typing(ConversationType type, String targetId, String userId, String contentType, long sentTime) {
        if (typing != null) {
            callbacks.execute(() -> {
                TypingStatusListener l = typing;
                if (l != null) {
                    l.onTyping(type, targetId, userId, contentType, sentTime);
                }
            });
        }
    }

    /** Recall, read receipt and read-on-other-device events; messages go through {@link #received}. */
    void inbox(InboxEvent e) {
        if (e instanceof InboxEvent.Recalled r && recalled != null) {
            callbacks.execute(() -> {
                MessageRecalledListener l = recalled;
                if (l != null) {
                    l.onMessageRecalled(r.message());
                }
            });
        } else if (e instanceof InboxEvent.ReadReceipt r && readReceipt != null) {
            callbacks.execute(() -> {
                ReadReceiptListener l = readReceipt;
                if (l != null) {
                    l.onReadReceipt(r.type(), r.targetId(), r.lastMessageSendTime());
                }
            });
        } else if (e instanceof InboxEvent.ReadOnOtherDevice r && readOnOtherDevice != null) {
            callbacks.execute(() -> {
                ConversationReadStatusListener l = readOnOtherDevice;
                if (l != null) {
                    l.onConversationRead(r.type(), r.targetId());
                }
            });
        }
    }

    void saved(SendMessageCallback cb, Message m) {
        callbacks.execute(() -> cb.onMessageSaved(m));
    }

    void sent(SendMessageCallback cb, int code, Message m) {
        callbacks.execute(() -> cb.onMessageSent(code, m));
    }

    <T> void success(ResultCallback<T> cb, T result) {
        callbacks.execute(() -> cb.onSuccess(result));
    }

    void error(ResultCallback<?> cb, int code) {
        callbacks.execute(() -> cb.onError(code));
    }
}
