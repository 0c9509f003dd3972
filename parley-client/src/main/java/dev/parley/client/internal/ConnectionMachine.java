package dev.parley.client.internal;

import dev.parley.client.ConnectionStatus;
import dev.parley.client.ConnectionStatusListener;
import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.client.Transport;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.TokenClaims;
import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.ConnectAck;
import dev.parley.protocol.wire.Disconnect;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Kick;
import dev.parley.protocol.wire.Ping;
import dev.parley.protocol.wire.Platform;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect path of one engine, start to finish:
 *
 * <pre>
 * begin:       token → user id → open local database (onDatabaseOpened) → attempt
 * attempt:     navigate (unless an answer is at hand: this engine's, or the one
 *              {@link NaviCache} kept in the user database) → open socket → send Connect → ConnectAck
 *   ack 0:     CONNECTED (onConnected), heartbeat
 *   transient: SUSPEND, wait for the backoff delay, attempt again
 *   terminal:  stop, status from {@link TerminalStatus} (onConnected(code) if never connected)
 * connected:   socket closed / missed pong → SUSPEND → attempt; kick → terminal, or with 31006
 *              (node draining) navigate afresh, then attempt
 * </pre>
 *
 * <p>Messaging rides on top through {@link SessionHooks}: told when the user database opens
 * and closes, when a session is acknowledged and ends, and handed every frame this class does
 * not handle itself.
 *
 * <p>Actor style: every method that touches state runs on this engine's serial executor,
 * whether triggered by the API, a socket event or a timer, so no locks are needed. Socket
 * events and timers carry the {@link #generation} they were created in; anything from an
 * older generation (a socket we already abandoned) is ignored. Nothing here blocks an event
 * loop: socket events are only handed over to the executor.
 */
final class ConnectionMachine {
    private static final Logger log = LoggerFactory.getLogger(ConnectionMachine.class);
    // The user id becomes a file name, so only these characters (SPEC §6 user id rule).
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9+=_-]{1,64}");
    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
    // Navigate afresh after this many gateway failures in a row: the node list may be stale.
    private static final int GATEWAY_FAILURES_BEFORE_RENAVIGATION = 3;

    private enum Phase { IDLE, NAVIGATING, OPENING, HANDSHAKING, CONNECTED, WAITING_RETRY }

    private final EngineOptions options;
    private final String deviceId;
    private final SerialExecutor actor;
    private final SerialExecutor callbacks;
    private final ActorTimer timers;
    private final NaviClient navi;
    private final GatewayConnector connector;
    private final ReconnectBackoff backoff;
    private final Heartbeat heartbeat;
    private final ServerClock clock;
    private final SessionHooks session;

    // Read from any thread.
    private volatile ConnectionStatus status = ConnectionStatus.UNCONNECTED;
    private volatile ConnectionStatusListener listener;
    private volatile String currentUserId;
    private volatile String lastFailureDetail;

    // Confined to the actor.
    private ConnectRequest request;
    private Phase phase = Phase.IDLE;
    private long generation;
    private GatewayLink link;
    private Future<?> retryTimer;
    private Future<?> ackTimer;
    private NaviResult naviResult;
    private String naviToken;
    // naviResult came from the NaviCache and has not led to a connection in this engine yet.
    private boolean naviFromCache;
    // naviResult is a fresh answer the NaviCache does not hold yet (saved once it works).
    private boolean naviUnsaved;
    private int addressIndex;
    private int gatewayFailuresInARow;
    private LocalStore store;
    private String storeUserId;
    private String sessionId;
    private boolean destroyed;

    ConnectionMachine(EngineOptions options, String deviceId, EngineThreads threads, ServerClock clock,
                      SessionHooks session) {
        this.options = options;
        this.deviceId = deviceId;
        this.actor = threads.actor;
        this.callbacks = threads.callbacks;
        this.timers = threads.timers;
        this.clock = clock;
        this.session = session;
        this.navi = new NaviClient(SharedRuntime.http(), options.getNaviServer(), options.getNaviTimeout());
        this.connector = new GatewayConnector(SharedRuntime.ioGroup(), options.getLocalAddress(),
                options.getConnectAckTimeout());
        this.backoff = new ReconnectBackoff();
        this.heartbeat = new Heartbeat(timers, options.getPongTimeout());
    }

    // ---- API side: any thread; only hands work to the actor ----

    void start(ConnectRequest r) {
        actor.execute(() -> begin(r));
    }

    void signOut(boolean receivePush) {
        actor.execute(() -> doSignOut(receivePush));
    }

    /** Signs out and closes the local database; the future completes once both are done. */
    CompletableFuture<Void> destroy() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> {
            try {
                doSignOut(true);
                closeStore();
            } finally {
                destroyed = true;
                done.complete(null);
            }
        });
        return done;
    }

    void setListener(ConnectionStatusListener listener) {
        this.listener = listener;
    }

    ConnectionStatus status() {
        return status;
    }

    String currentUserId() {
        return currentUserId;
    }

    long deltaTime() {
        return clock.delta();
    }

    String lastFailureDetail() {
        return lastFailureDetail;
    }

    // ---- connect() lifetime ----

    private void begin(ConnectRequest r) {
        if (destroyed || r.isFinished()) {
            return;
        }
        if (request != null) {
            // The API accepts a new connect only once the old one finished; be safe anyway.
            stopEverything();
        }
        request = r;
        setStatus(ConnectionStatus.CONNECTING);
        String userId = TokenClaims.parse(r.token).map(TokenClaims::userId).orElse(null);
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            giveUp(ErrorCode.RC_CONN_TOKEN_INCORRECT, "token unreadable or its user id is not a valid user id");
            return;
        }
        r.userId = userId;
        int dbCode = openStore(userId);
        callbacks.execute(() -> r.callback.onDatabaseOpened(dbCode));
        if (!r.token.equals(naviToken)) {
            naviResult = null;
        }
        if (naviResult == null) {
            loadCachedNavigation(r.token);
        }
        backoff.reset();
        gatewayFailuresInARow = 0;
        if (r.timeoutSeconds > 0) {
            long remaining = r.acceptedAtNanos + Duration.ofSeconds(r.timeoutSeconds).toNanos() - System.nanoTime();
            r.deadline = timers.after(Duration.ofNanos(Math.max(0, remaining)), () -> onDeadline(r));
        }
        attempt();
    }

    private void onDeadline(ConnectRequest r) {
        if (request == r && !r.everConnected) {
            giveUp(ErrorCode.RC_CONNECT_TIMEOUT, "not connected within " + r.timeoutSeconds + " s");
        }
    }

    private void doSignOut(boolean receivePush) {
        ConnectRequest r = request;
        GatewayLink last = link;
        boolean wasConnected = phase == Phase.CONNECTED;
        link = null;
        stopEverything();
        if (last != null) {
            if (wasConnected) {
                last.sendAndClose(Frame.newBuilder()
                        .setDisconnect(Disconnect.newBuilder().setReceivePush(receivePush)).build());
            } else {
                last.close();
            }
        }
        if (r != null) {
            r.finish();
            log.info("Signed out{}", r.userId == null ? "" : " user " + r.userId);
        }
        request = null;
        setStatus(ConnectionStatus.SIGN_OUT);
    }

    // ---- one attempt: navigate → socket → Connect → ConnectAck ----

    private void attempt() {
        ActorTimer.cancel(retryTimer);
        long gen = ++generation;
        setStatus(ConnectionStatus.CONNECTING);
        if (naviResult != null) {
            openSocket(gen);
            return;
        }
        phase = Phase.NAVIGATING;
        log.debug("{}: navigating at {}", who(), options.getNaviServer());
        String token = request.token;
        navi.navigate(options.getAppKey(), token)
                .thenAccept(result -> actor.execute(() -> onNavigated(gen, token, result)));
    }

    private void onNavigated(long gen, String token, NaviResult result) {
        if (gen != generation) {
            return;
        }
        if (result.ok()) {
            naviResult = result;
            naviToken = token;
            naviFromCache = false;
            naviUnsaved = true;
            addressIndex = 0;
            openSocket(gen);
        } else if (ErrorCode.isTerminal(result.code())) {
            giveUp(result.code(), "navigation refused: " + result.detail());
        } else {
            retryLater(result.code(), result.detail(), false);
        }
    }

    private void openSocket(long gen) {
        boolean tcp = options.getTransport() == Transport.TCP;
        List<String> addresses = tcp ? naviResult.tcp() : naviResult.ws();
        if (addresses.isEmpty()) {
            dropNavigation();
            retryLater(ErrorCode.RC_NAVI_NODE_INVALID, "navigation lists no " + options.getTransport() + " gateway", false);
            return;
        }
        String entry = addresses.get(Math.floorMod(addressIndex, addresses.size()));
        GatewayAddress address;
        try {
            address = tcp ? GatewayAddress.tcp(entry) : GatewayAddress.webSocket(entry);
        } catch (IllegalArgumentException e) {
            dropNavigation();
            retryLater(ErrorCode.RC_NAVI_NODE_INVALID, e.getMessage(), false);
            return;
        }
        phase = Phase.OPENING;
        log.debug("{}: opening {}", who(), address);
        try {
            link = connector.open(address, new AttemptListener(gen));
        } catch (UnknownHostException e) {
            retryLater(ErrorCode.RC_SOCKET_NOT_CREATED, "unknown gateway host " + address.host(), true);
        }
    }

    private void onSocketOpened(long gen) {
        if (gen != generation || phase != Phase.OPENING) {
            return;
        }
        phase = Phase.HANDSHAKING;
        Duration timeout = options.getConnectAckTimeout();
        ackTimer = timers.after(timeout, () -> {
            if (gen == generation && phase == Phase.HANDSHAKING) {
                retryLater(ErrorCode.RC_CONN_ACK_TIMEOUT, "no ConnectAck within " + timeout.toMillis() + " ms", true);
            }
        });
    }

    private void onReady(long gen) {
        if (gen != generation || phase != Phase.HANDSHAKING) {
            return;
        }
        Connect connect = Connect.newBuilder()
                .setAppKey(options.getAppKey())
                .setToken(request.token)
                .setProtocolVersion(Protocol.VERSION)
                .setPlatform(wirePlatform())
                .setDeviceId(deviceId)
                .setSdkVersion(ImEngine.SDK_VERSION)
                .setLastSeq(lastSeq())
                .setReconnect(request.everConnected)
                .setKickReconnectDevice(options.isKickReconnectDevice())
                .build();
        link.send(Frame.newBuilder().setConnect(connect).build());
    }

    private void onFrame(long gen, Frame frame) {
        if (gen != generation) {
            return;
        }
        heartbeat.frameReceived();
        switch (frame.getBodyCase()) {
            case CONNECT_ACK -> onConnectAck(frame.getConnectAck());
            case PONG -> { }
            case KICK -> onKick(frame.getKick());
            default -> {
                if (phase == Phase.CONNECTED) {
                    session.frame(frame);
                } else {
                    log.debug("Ignoring {} frame outside a session", frame.getBodyCase());
                }
            }
        }
    }

    private void onConnectAck(ConnectAck ack) {
        if (phase != Phase.HANDSHAKING) {
            log.debug("Ignoring ConnectAck outside the handshake");
            return;
        }
        ActorTimer.cancel(ackTimer);
        int code = ack.getCode();
        if (code == ErrorCode.SUCCESS) {
            onConnected(ack);
        } else if (code == ErrorCode.RC_CONN_REDIRECTED) {
            dropNavigation();
            retryLater(code, "redirected: " + ack.getDetail(), false);
        } else if (ErrorCode.isTerminal(code)) {
            giveUp(code, ack.getDetail());
        } else {
            retryLater(code, ack.getDetail(), true);
        }
    }

    private void onConnected(ConnectAck ack) {
        ConnectRequest r = request;
        phase = Phase.CONNECTED;
        backoff.reset();
        gatewayFailuresInARow = 0;
        String userId = ack.getUserId().isEmpty() ? r.userId : ack.getUserId();
        if (!userId.equals(r.userId)) {
            log.warn("Gateway acknowledged user {} but the token names {}", userId, r.userId);
        }
        currentUserId = userId;
        sessionId = ack.getSessionId();
        if (ack.getServerTime() > 0) {
            clock.setDelta(ack.getServerTime() - System.currentTimeMillis());
        }
        r.everConnected = true;
        ActorTimer.cancel(r.deadline);
        naviFromCache = false;
        long gen = generation;
        heartbeat.start(heartbeatInterval(ack),
                () -> link.send(Frame.newBuilder().setPing(Ping.newBuilder().setClientTime(System.currentTimeMillis())).build()),
                () -> {
                    if (gen == generation) {
                        connectionLost(ErrorCode.RC_PONG_RECV_FAIL, "no frame within "
                                + options.getPongTimeout().toMillis() + " ms after a ping");
                    }
                });
        log.debug("Connected as {} (session {})", userId, sessionId);
        setStatus(ConnectionStatus.CONNECTED);
        if (!r.outcomeReported) {
            r.outcomeReported = true;
            callbacks.execute(() -> r.callback.onConnected(ErrorCode.SUCCESS, userId));
        }
        session.connected(sessionLink(gen));
        if (naviUnsaved) {
            naviUnsaved = false;
            saveNavigation(r.token);
        }
    }

    /** Writes frames on this session's socket; once the session is over, drops them. */
    private Consumer<Frame> sessionLink(long gen) {
        return frame -> {
            if (gen == generation && phase == Phase.CONNECTED && link != null) {
                link.send(frame);
            }
        };
    }

    private void onKick(Kick kick) {
        if (ErrorCode.isTerminal(kick.getCode())) {
            giveUp(kick.getCode(), "kicked: " + kick.getDetail());
        } else if (kick.getCode() == ErrorCode.RC_CONN_REDIRECTED) {
            // The node is draining (SPEC §4): navigation, not the stored answer, names one that is not.
            dropNavigation();
            connectionLost(kick.getCode(), "redirected: " + kick.getDetail());
        } else {
            // The server is going away for a reason that does not concern this user; come back.
            connectionLost(kick.getCode(), "server closed the session: " + kick.getDetail());
        }
    }

    private void onLinkClosed(long gen, Throwable cause) {
        if (gen != generation) {
            return;
        }
        link = null;
        String why = cause == null ? "closed by peer" : String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
        switch (phase) {
            case CONNECTED -> connectionLost(ErrorCode.RC_SOCKET_DISCONNECTED, why);
            case OPENING -> retryLater(ErrorCode.RC_SOCKET_NOT_CREATED, why, true);
            case HANDSHAKING -> retryLater(ErrorCode.RC_SOCKET_DISCONNECTED, why, true);
            default -> { }
        }
    }

    // ---- outcomes ----

    private void connectionLost(int code, String detail) {
        log.info("Connection of {} lost ({} {}); reconnecting", currentUserId, code, detail);
        retryLater(code, detail, false);
    }

    /**
     * Abandons the current attempt and schedules the next one.
     *
     * @param gatewayFailure the gateway itself failed (refused, silent, dropped during the
     *                       handshake): try the next address, and navigate afresh after a few
     */
    private void retryLater(int code, String detail, boolean gatewayFailure) {
        lastFailureDetail = code + " " + detail;
        stopAttempt();
        if (gatewayFailure) {
            addressIndex++;
            // A stored answer may be hours old: one failure is enough to doubt it.
            if (naviFromCache || ++gatewayFailuresInARow >= GATEWAY_FAILURES_BEFORE_RENAVIGATION) {
                dropNavigation();
                gatewayFailuresInARow = 0;
            }
        }
        Duration delay = backoff.nextDelay();
        long gen = generation;
        phase = Phase.WAITING_RETRY;
        log.debug("{}: attempt failed ({} {}); next in {} ms", who(), code, detail, delay.toMillis());
        setStatus(ConnectionStatus.SUSPEND);
        retryTimer = timers.after(delay, () -> {
            if (gen == generation && phase == Phase.WAITING_RETRY) {
                attempt();
            }
        });
    }

    /** Stops for good after a terminal code (or the connect timeout) and tells the app. */
    private void giveUp(int code, String detail) {
        ConnectRequest r = request;
        stopEverything();
        request = null;
        r.finish();
        log.info("Connection of {} stopped: {} {}", r.userId, code, detail);
        lastFailureDetail = code + " " + detail;
        setStatus(TerminalStatus.of(code));
        if (!r.outcomeReported) {
            r.outcomeReported = true;
            callbacks.execute(() -> r.callback.onConnected(code, null));
        }
    }

    /** Closes the socket and cancels attempt timers; later events of this attempt are stale. */
    private void stopAttempt() {
        if (phase == Phase.CONNECTED) {
            session.disconnected();
        }
        generation++;
        heartbeat.stop();
        ActorTimer.cancel(ackTimer);
        ActorTimer.cancel(retryTimer);
        if (link != null) {
            link.close();
            link = null;
        }
    }

    private void stopEverything() {
        stopAttempt();
        if (request != null) {
            ActorTimer.cancel(request.deadline);
        }
        phase = Phase.IDLE;
    }

    private void setStatus(ConnectionStatus next) {
        if (status == next) {
            return;
        }
        status = next;
        callbacks.execute(() -> {
            ConnectionStatusListener l = listener;
            if (l != null) {
                l.onChanged(next);
            }
        });
    }

    // ---- helpers ----

    /** The user this engine is about, for log lines. */
    private String who() {
        return request != null && request.userId != null ? request.userId : currentUserId;
    }

    private int openStore(String userId) {
        if (store != null && userId.equals(storeUserId)) {
            return ErrorCode.SUCCESS;
        }
        closeStore();
        Path file = options.getDataDir().resolve(options.getAppKey()).resolve(userId + ".db");
        try {
            store = LocalStore.open(file);
            storeUserId = userId;
            session.storeOpened(store, userId);
            return ErrorCode.SUCCESS;
        } catch (Exception e) {
            log.warn("Cannot open local database {}; connecting without it", file, e);
            return ErrorCode.DATABASE_ERROR;
        }
    }

    private void closeStore() {
        if (store != null) {
            session.storeClosing();
            store.close();
            store = null;
            storeUserId = null;
        }
    }

    /** Takes the navigation answer kept in the user database, if it is for this token and still fresh. */
    private void loadCachedNavigation(String token) {
        if (store == null || options.getNaviCacheLifetime().isZero()) {
            return;
        }
        try {
            NaviCache.load(store, options.getNaviServer(), token, options.getNaviCacheLifetime(),
                    System.currentTimeMillis()).ifPresent(cached -> {
                        log.debug("{}: using the stored navigation answer", who());
                        naviResult = cached;
                        naviToken = token;
                        naviFromCache = true;
                        naviUnsaved = false;
                        addressIndex = 0;
                    });
        } catch (Exception e) {
            log.warn("Cannot read the stored navigation answer from {}; navigating", store.file(), e);
        }
    }

    /** Keeps the answer that just led to a connection for the next engine of this user. */
    private void saveNavigation(String token) {
        if (store == null || naviResult == null || options.getNaviCacheLifetime().isZero()) {
            return;
        }
        try {
            NaviCache.save(store, options.getNaviServer(), token, naviResult, System.currentTimeMillis());
        } catch (Exception e) {
            log.warn("Cannot store the navigation answer in {}", store.file(), e);
        }
    }

    /** Stops using the current navigation answer, and the stored copy too: the next attempt navigates. */
    private void dropNavigation() {
        naviResult = null;
        naviFromCache = false;
        naviUnsaved = false;
        if (store == null || options.getNaviCacheLifetime().isZero()) {
            return;
        }
        try {
            NaviCache.forget(store);
        } catch (Exception e) {
            log.warn("Cannot remove the stored navigation answer from {}", store.file(), e);
        }
    }

    private long lastSeq() {
        if (store == null) {
            return 0;
        }
        try {
            return store.lastSeq();
        } catch (Exception e) {
            log.warn("Cannot read last_seq from {}; syncing from the start", store.file(), e);
            return 0;
        }
    }

    private Duration heartbeatInterval(ConnectAck ack) {
        if (ack.getHeartbeatIntervalMs() > 0) {
            return Duration.ofMillis(ack.getHeartbeatIntervalMs());
        }
        if (naviResult != null && naviResult.heartbeatIntervalMs() > 0) {
            return Duration.ofMillis(naviResult.heartbeatIntervalMs());
        }
        return DEFAULT_HEARTBEAT;
    }

    private Platform wirePlatform() {
        return switch (options.getPlatform()) {
            case MOBILE -> Platform.MOBILE;
            case DESKTOP -> Platform.DESKTOP;
            case WEB -> Platform.WEB;
        };
    }

    /** Hands socket events of one attempt to the actor, tagged with that attempt's generation. */
    private final class AttemptListener implements GatewayLink.Listener {
        private final long gen;

        AttemptListener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onSocketOpened() {
            actor.execute(() -> ConnectionMachine.this.onSocketOpened(gen));
        }

        @Override
        public void onReady() {
            actor.execute(() -> ConnectionMachine.this.onReady(gen));
        }

        @Override
        public void onFrame(Frame frame) {
            actor.execute(() -> ConnectionMachine.this.onFrame(gen, frame));
        }

        @Override
        public void onClosed(Throwable cause) {
            actor.execute(() -> onLinkClosed(gen, cause));
        }
    }
}
