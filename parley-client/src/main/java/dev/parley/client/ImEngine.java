package dev.parley.client;

import dev.parley.client.internal.DefaultImEngine;
import java.util.List;

/**
 * One client of a Parley server: a user's connection, its heartbeats and reconnection, its
 * local database, and messaging on top of them.
 *
 * <p>Calls return at once; outcomes arrive on the SDK's callback executor (per engine one at
 * a time and in order, never inside the caller's stack). Engines are cheap: they share I/O
 * threads, worker threads and the HTTP client, so thousands can live in one JVM.
 *
 * <pre>{@code
 * ImEngine engine = ImEngine.create(EngineOptions.builder()
 *         .appKey(appKey).naviServer("http://host:8080").dataDir(dir).platform(Platform.DESKTOP)
 *         .build());
 * engine.setOnConnectionStatusChangedListener(status -> ...);
 * int rc = engine.connect(token, 10, new ConnectCallback() { ... });
 * engine.setOnMessageReceivedListener((message, left, offline, hasPackage) -> ...);
 * engine.sendMessage(engine.createTextMessage(ConversationType.PRIVATE, "bob", "hi"), callback);
 * }</pre>
 *
 * <p><b>Messaging.</b> Messages live in the per-user local database, which opens at
 * {@link #connect} (before {@link ConnectCallback#onDatabaseOpened}); messaging calls made
 * before that return 33001. After every successful (re)connection the engine first pulls
 * what it missed (delivered with {@code offline = true}, then
 * {@link OfflineMessageSyncCompletedListener}), then sends whatever waits in the database.
 * Each message reaches the app once, in the server's order, across reconnects and restarts.
 *
 * <p>Methods that only read the local database ({@code getConversationList},
 * {@code getHistoryMessages}, ...) answer synchronously on the calling thread; keep them off a
 * UI thread if the database is large. Calls that need the server answer through callbacks.
 * Calls that return {@code int} return 0 when accepted (the outcome arrives by callback) or a
 * code, in which case no callback follows: 33003 bad parameter (null message or callback,
 * empty or over-long target id, content that is not a JSON object, a type the SDK sends
 * itself), 30016 content over 128 KiB of UTF-8, 33001 engine destroyed or no user database
 * open yet.
 */
public interface ImEngine {
    /** Version string this SDK sends in {@code Connect.sdk_version}. */
    String SDK_VERSION = "parley-java/0.1.0";

    /** Creates an engine; it does nothing on the network until {@link #connect}. */
    static ImEngine create(EngineOptions options) {
        return DefaultImEngine.create(options);
    }

    /**
     * Starts connecting as the user the token belongs to and keeps the connection up until a
     * terminal event or {@link #disconnect(boolean)}.
     *
     * @param token          token issued by the app server through {@code /user/getToken.json}
     * @param timeoutSeconds when positive, give up with 34006 (status {@link ConnectionStatus#TIMEOUT})
     *                       if not connected within this many seconds; otherwise retry transient
     *                       failures until success or a terminal error. Bounds the first
     *                       connection only: once connected, reconnection never times out.
     * @param callback       told of the database and the outcome
     * @return 0 if accepted (the outcome arrives by callback); otherwise refused with no
     *         callback: 33003 empty token or null callback, 33001 engine destroyed, 34001
     *         already connected, 33006 a connect is already in progress (including automatic
     *         reconnection after a drop)
     */
    int connect(String token, int timeoutSeconds, ConnectCallback callback);

    /**
     * Signs out: tells the gateway (if connected), closes the connection and stops reconnecting.
     * The status becomes {@link ConnectionStatus#SIGN_OUT}. A later {@link #connect} works again.
     *
     * @param receivePush whether the server should keep pushing notifications to this device
     * @return 0, or 33001 if the engine is destroyed
     */
    int disconnect(boolean receivePush);

    /**
     * Disconnects, closes the local database and releases the engine; further calls return
     * 33001. Returns once the database is closed (waiting at most a few seconds).
     */
    void destroy();

    /** Sets (or with {@code null} clears) the listener told of every status change. */
    void setOnConnectionStatusChangedListener(ConnectionStatusListener listener);

    /** The current status; {@link ConnectionStatus#UNCONNECTED} before the first connect. */
    ConnectionStatus getConnectionStatus();

    /** The connected user's id: {@code null} until first connected, and after {@link #destroy()}. */
    String getCurrentUserId();

    /**
     * Server clock minus local clock in milliseconds, measured when the last connection was
     * acknowledged; 0 until then.
     */
    long getDeltaTime();

    /**
     * Why the last connect attempt failed or the last session ended, as "code reason"
     * (e.g. {@code 31004 token expired}); {@code null} if nothing has failed yet. The reason
     * is text for logs and support, never a new code: branch on the codes.
     */
    String getLastFailureDetail();

    // ---- messaging ----

    /** A text message to send: content {@code {"content":text}}. Nothing is stored until {@link #sendMessage}. */
    TextMessage createTextMessage(ConversationType type, String targetId, String text);

    /** A text message with app data: content {@code {"content":text,"extra":extra}}. */
    TextMessage createTextMessage(ConversationType type, String targetId, String text, String extra);

    /**
     * A message of any type to send, e.g. an app-defined one (object name not starting with
     * {@code RC:}). The content must be a JSON object of at most 128 KiB; that is checked by
     * {@link #sendMessage}.
     */
    Message createMessage(ConversationType type, String targetId, String objectName, String contentJson);

    /**
     * Stores the message locally (status SENDING, {@code onMessageSaved}) and sends it once
     * connected and synced, resending with the same client message id until the server
     * answers; the server keeps it once however often it arrives. While offline it waits in
     * the database, also across engine restarts.
     *
     * <p>To retry a {@link SentStatus#FAILED} message, pass it (with its local id) again: it is
     * sent from the same database row. Any other message with a local id is refused (33003).
     *
     * @return 0 accepted, or 33003, 30016, 33001 (see {@link ImEngine}); no callback then
     */
    int sendMessage(Message message, SendMessageCallback callback);

    /**
     * Sets (or with {@code null} clears) the listener told of incoming messages. Set it before
     * {@link #connect}: messages that arrive while no listener is set are stored (see
     * {@link #getHistoryMessages}) but not delivered again.
     */
    void setOnMessageReceivedListener(MessageReceivedListener listener);

    /** Sets (or clears) the listener told when the offline sync after a (re)connect has finished. */
    void setOnOfflineMessageSyncCompletedListener(OfflineMessageSyncCompletedListener listener);

    /** Sets (or clears) the listener told of others typing. */
    void setOnTypingStatusListener(TypingStatusListener listener);

    /** Sets (or clears) the listener told of read receipts for private messages. */
    void setOnReadReceiptListener(ReadReceiptListener listener);

    /** Sets (or clears) the listener told of recalled messages. */
    void setOnMessageRecalledListener(MessageRecalledListener listener);

    /** Sets (or clears) the listener told that another device of this user read a conversation. */
    void setOnConversationReadStatusListener(ConversationReadStatusListener listener);

    /**
     * Recalls one of the current user's sent messages (it needs a message UID, i.e. it was
     * acknowledged). On success the message has become a {@value ObjectNames#RECALL_NOTICE}
     * here and on every device of every recipient; the callback gets the updated message.
     * Errors: 25107 not one's own sent message, 30002 not connected, 30003 no answer in time.
     *
     * @return 0 accepted, 33003 null argument, 33001 no database open
     */
    int recallMessage(Message message, ResultCallback<Message> callback);

    /**
     * Tells the conversation's other members that the current user is typing. Sent only while
     * connected (dropped otherwise) and at most once per six seconds per conversation, so it
     * may be called on every keystroke.
     *
     * @param typingContentType object name of what is being typed, e.g. {@value ObjectNames#TEXT}
     * @return 0 accepted (possibly dropped as described), 33003, 33001
     */
    int sendTypingStatus(ConversationType type, String targetId, String typingContentType);

    /** Conversations from the local database, newest first; empty if no database is open. Synchronous. */
    List<Conversation> getConversationList();

    /** One conversation from the local database, or {@code null} if it has no stored messages. Synchronous. */
    Conversation getConversation(ConversationType type, String targetId);

    /** Unread count of one conversation; 0 if unknown or no database is open. Synchronous. */
    int getUnreadCount(ConversationType type, String targetId);

    /** Sum of all conversations' unread counts; 0 if no database is open. Synchronous. */
    int getTotalUnreadCount();

    /**
     * Marks every received message of the conversation read, locally at once (synchronously),
     * and tells the others: for a private conversation the peer gets a read receipt
     * ({@value ObjectNames#READ_RECEIPT}); the current user's other devices clear it too
     * ({@value ObjectNames#SYNC_READ_STATUS} for other types). Nothing is sent if nothing was
     * unread. The notice waits in memory while offline and goes out after the next connect.
     *
     * @return 0, 33003 bad parameter, 33001 no database open, 33002 database error
     */
    int clearMessagesUnreadStatus(ConversationType type, String targetId);

    /** One stored message by local id, or {@code null}. Synchronous. */
    Message getMessage(long messageId);

    /**
     * A page of locally stored messages of one conversation, newest first. Synchronous.
     *
     * @param beforeMessageId only messages older than this one; -1 (or any value &lt;= 0) for the newest
     * @param count           page size, 1 to 100 (larger is clamped)
     * @return the page; empty if none, on bad parameters or with no database open
     */
    List<Message> getHistoryMessages(ConversationType type, String targetId, long beforeMessageId, int count);

    /**
     * A page of the conversation's history from the server, newest first, messages sent
     * strictly before {@code beforeSentTime} (0 = now). The messages are stored locally (as
     * read: fetching history never changes unread counts) and come back with their local ids.
     * Errors: 30002 not connected, 30003 no answer in time, or the server's code.
     *
     * @param count page size, 1 to 100 (larger is clamped)
     * @return 0 accepted, 33003 bad parameter, 33001 no database open
     */
    int getRemoteHistoryMessages(ConversationType type, String targetId, long beforeSentTime, int count,
                                 ResultCallback<List<Message>> callback);
}
