package dev.parley.client.internal;

import dev.parley.client.ConnectCallback;
import dev.parley.client.ConnectionStatus;
import dev.parley.client.ConnectionStatusListener;
import dev.parley.client.Conversation;
import dev.parley.client.ConversationReadStatusListener;
import dev.parley.client.ConversationType;
import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.client.Message;
import dev.parley.client.MessageReceivedListener;
import dev.parley.client.MessageRecalledListener;
import dev.parley.client.OfflineMessageSyncCompletedListener;
import dev.parley.client.ReadReceiptListener;
import dev.parley.client.ResultCallback;
import dev.parley.client.SendMessageCallback;
import dev.parley.client.TextMessage;
import dev.parley.client.TypingStatusListener;
import dev.parley.protocol.ErrorCode;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ImEngine} behind {@link ImEngine#create}: checks connect arguments, answers the
 * synchronous return codes, and hands everything else to the {@link ConnectionMachine};
 * messaging calls go to {@link MessagingApi}. Public only so the API package can reach it;
 * apps use {@link ImEngine}.
 */
public final class DefaultImEngine implements ImEngine {
    private static final Logger log = LoggerFactory.getLogger(DefaultImEngine.class);

    // Guards the decision "may a connect start now?" so two racing calls cannot both win.
    private final Object admission = new Object();
    private final ConnectionMachine machine;
    private final Messaging messaging;
    private final MessagingApi api;
    private static final long DESTROY_WAIT_SECONDS = 5;
    private volatile boolean destroyed;
    private ConnectRequest current;

    private DefaultImEngine(EngineOptions options, String deviceId) {
        EngineThreads threads = new EngineThreads();
        ServerClock clock = new ServerClock();
        // Requests get as long as the handshake does: both are one round trip to the gateway.
        this.messaging = new Messaging(threads, clock, options.getConnectAckTimeout());
        this.machine = new ConnectionMachine(options, deviceId, threads, clock, messaging);
        this.api = new MessagingApi(messaging, () -> destroyed);
    }

    /** Creates an engine, resolving the persisted device id if none was set. */
    public static ImEngine create(EngineOptions options) {
        Objects.requireNonNull(options, "options");
        return new DefaultImEngine(options, deviceId(options));
    }

    private static String deviceId(EngineOptions options) {
        if (options.getDeviceId() != null) {
            return options.getDeviceId();
        }
        try {
            return DeviceIdFile.readOrCreate(options.getDataDir());
        } catch (IOException | RuntimeException e) {
            String id = UUID.randomUUID().toString();
            log.warn("Cannot keep a device id in {}; using {} for this process only", options.getDataDir(), id, e);
            return id;
        }
    }

    /** The messaging half, for tests of this package. */
    Messaging messaging() {
        return messaging;
    }

    @Override
    public int connect(String token, int timeoutSeconds, ConnectCallback callback) {
        synchronized (admission) {
            if (destroyed) {
                return ErrorCode.CLIENT_NOT_INIT;
            }
            if (token == null || token.isEmpty() || callback == null) {
                return ErrorCode.INVALID_PARAMETER;
            }
            if (current != null && !current.isFinished()) {
                return machine.status() == ConnectionStatus.CONNECTED
                        ? ErrorCode.RC_CONNECTION_ALREADY_CONNECTED
                        : ErrorCode.RC_CONNECTION_EXIST;
            }
            current = new ConnectRequest(token, timeoutSeconds, callback, System.nanoTime());
            machine.start(current);
            return ErrorCode.SUCCESS;
        }
    }

    @Override
    public int disconnect(boolean receivePush) {
        synchronized (admission) {
            if (destroyed) {
                return ErrorCode.CLIENT_NOT_INIT;
            }
            finishCurrent();
            machine.signOut(receivePush);
            return ErrorCode.SUCCESS;
        }
    }

    @Override
    public void destroy() {
        CompletableFuture<Void> released;
        synchronized (admission) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            finishCurrent();
            released = machine.destroy();
        }
        // Wait (bounded) so that once destroy() returns the database file is closed and the
        // app may delete or move the data dir.
        try {
            released.get(DESTROY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("engine resources not released within {} s", DESTROY_WAIT_SECONDS);
        }
    }

    private void finishCurrent() {
        if (current != null) {
            current.finish();
            current = null;
        }
    }

    @Override
    public void setOnConnectionStatusChangedListener(ConnectionStatusListener listener) {
        if (!destroyed) {
            machine.setListener(listener);
        }
    }

    @Override
    public ConnectionStatus getConnectionStatus() {
        return machine.status();
    }

    @Override
    public String getCurrentUserId() {
        return destroyed ? null : machine.currentUserId();
    }

    @Override
    public long getDeltaTime() {
        return machine.deltaTime();
    }

    @Override
    public String getLastFailureDetail() {
        return machine.lastFailureDetail();
    }

    // ---- messaging ----

    @Override
    public TextMessage createTextMessage(ConversationType type, String targetId, String text) {
        return api.createTextMessage(type, targetId, text, null);
    }

    @Override
    public TextMessage createTextMessage(ConversationType type, String targetId, String text, String extra) {
        return api.createTextMessage(type, targetId, text, extra);
    }

    @Override
    public Message createMessage(ConversationType type, String targetId, String objectName, String contentJson) {
        return api.createMessage(type, targetId, objectName, contentJson);
    }

    @Override
    public int sendMessage(Message message, SendMessageCallback callback) {
        return api.sendMessage(message, callback);
    }

    @Override
    public void setOnMessageReceivedListener(MessageReceivedListener listener) {
        messaging.events.received = listener;
    }

    @Override
    public void setOnOfflineMessageSyncCompletedListener(OfflineMessageSyncCompletedListener listener) {
        messaging.events.syncCompleted = listener;
    }

    @Override
    public void setOnTypingStatusListener(TypingStatusListener listener) {
        messaging.events.typing = listener;
    }

    @Override
    public void setOnReadReceiptListener(ReadReceiptListener listener) {
        messaging.events.readReceipt = listener;
    }

    @Override
    public void setOnMessageRecalledListener(MessageRecalledListener listener) {
        messaging.events.recalled = listener;
    }

    @Override
    public void setOnConversationReadStatusListener(ConversationReadStatusListener listener) {
        messaging.events.readOnOtherDevice = listener;
    }

    @Override
    public int recallMessage(Message message, ResultCallback<Message> callback) {
        return api.recallMessage(message, callback);
    }

    @Override
    public int sendTypingStatus(ConversationType type, String targetId, String typingContentType) {
        return api.sendTypingStatus(type, targetId, typingContentType);
    }

    @Override
    public List<Conversation> getConversationList() {
        return api.getConversationList();
    }

    @Override
    public Conversation getConversation(ConversationType type, String targetId) {
        return api.getConversation(type, targetId);
    }

    @Override
    public int getUnreadCount(ConversationType type, String targetId) {
        return api.getUnreadCount(type, targetId);
    }

    @Override
    public int getTotalUnreadCount() {
        return api.getTotalUnreadCount();
    }

    @Override
    public int clearMessagesUnreadStatus(ConversationType type, String targetId) {
        return api.clearMessagesUnreadStatus(type, targetId);
    }

    @Override
    public Message getMessage(long messageId) {
        return api.getMessage(messageId);
    }

    @Override
    public List<Message> getHistoryMessages(ConversationType type, String targetId, long beforeMessageId, int count) {
        return api.getHistoryMessages(type, targetId, beforeMessageId, count);
    }

    @Override
    public int getRemoteHistoryMessages(ConversationType type, String targetId, long beforeSentTime, int count,
                                        ResultCallback<List<Message>> callback) {
        return api.getRemoteHistoryMessages(type, targetId, beforeSentTime, count, callback);
    }
}
