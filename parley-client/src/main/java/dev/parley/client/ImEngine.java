package dev.parley.client;

import dev.parley.client.internal.DefaultImEngine;

/**
 * One client of a Parley server: a user's connection, its heartbeats and reconnection, and
 * its local database.
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
 * }</pre>
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
}
