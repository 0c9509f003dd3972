package dev.parley.server.gateway;

import dev.parley.server.auth.ConnectAuthenticator;
import io.netty.channel.ChannelPipeline;
import java.time.Clock;

/**
 * The protocol half of a client pipeline, the same after the TCP and the WebSocket framing:
 * read backpressure (stop reading while the outbound buffer is full) → connect handshake →
 * session life (sees every frame) → heartbeat → connect-time sync (until the first messaging
 * frame) → in-flight limit (a few executor requests per connection) → messaging → error handling.
 * Idle sessions are closed by {@link IdleSweeper}, not by a timer per connection.
 */
public final class ProtocolHandlers {
    private final GatewaySettings settings;
    private final ConnectHandler connect;
    private final HeartbeatHandler heartbeat;
    private final SessionHandler session;
    private final ConnectSyncHandler connectSync;
    private final MessagingHandler messaging;
    private final GatewayExceptionHandler errors;
    private final GatewayMetrics metrics;

    public ProtocolHandlers(GatewaySettings settings, ConnectAuthenticator authenticator, SessionRegistry registry,
                            GatewayMetrics metrics, MessagingHandler messaging, Clock clock) {
        this.settings = settings;
        this.connect = new ConnectHandler(authenticator, registry, settings, metrics, clock);
        this.heartbeat = new HeartbeatHandler(clock);
        this.session = new SessionHandler(registry);
        this.connectSync = new ConnectSyncHandler(messaging.quickSync());
        this.messaging = messaging;
        this.errors = new GatewayExceptionHandler(metrics);
        this.metrics = metrics;
    }

    public GatewaySettings settings() {
        return settings;
    }

    /** Appends the protocol handlers after whatever turns bytes into {@code Frame}s. */
    public void install(ChannelPipeline p) {
        p.addLast("read-backpressure", new ReadBackpressureHandler(settings.writeStallTimeout(), metrics));
        p.addLast("connect", connect);
        p.addLast("session", session);
        p.addLast("heartbeat", heartbeat);
        p.addLast("connect-sync", connectSync);
        p.addLast("in-flight", new InFlightLimiter(metrics));
        p.addLast("messaging", messaging);
        p.addLast("errors", errors);
    }
}
