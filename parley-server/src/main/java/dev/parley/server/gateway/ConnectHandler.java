package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.ConnectAck;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Platform;
import dev.parley.server.auth.ConnectAuthenticator;
import dev.parley.server.ops.LogSafe;
import dev.parley.server.ops.RefusalLog;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Clock;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect handshake, the heart of the connect path: the first frame on a socket must be
 * a Connect, which is authenticated (protocol version, app, token, block), admitted under the
 * multi-device policy and answered with a ConnectAck. A socket that has not completed this
 * within the auth timeout is closed. Once done the handler leaves the pipeline.
 */
@ChannelHandler.Sharable
public final class ConnectHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger log = LoggerFactory.getLogger(ConnectHandler.class);

    static final AttributeKey<ScheduledFuture<?>> AUTH_TIMER = AttributeKey.valueOf("parley.authTimer");

    private final ConnectAuthenticator authenticator;
    private final SessionRegistry registry;
    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final Clock clock;
    // Refusals are logged for operators, but a flood of bad connects must not become a flood of lines.
    private final RefusalLog refusals = new RefusalLog(log, "connect", 20);

    public ConnectHandler(ConnectAuthenticator authenticator, SessionRegistry registry, GatewaySettings settings,
                          GatewayMetrics metrics, Clock clock) {
        this.authenticator = authenticator;
        this.registry = registry;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // One timer per fresh socket, cancelled when the handler leaves: left to fire, a
        // connect storm of 4,000/s kept ~40,000 dead timers in the event loops' queues.
        ctx.channel().attr(AUTH_TIMER).set(ctx.executor().schedule(() -> {
            if (ctx.channel().attr(GatewayAttributes.SESSION).get() == null && ctx.channel().isActive()) {
                log.debug("{} did not authenticate within {}; closing", ctx.channel().remoteAddress(),
                        settings.authTimeout());
                metrics.authTimeout();
                ctx.close();
            }
        }, settings.authTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ScheduledFuture<?> timer = ctx.channel().attr(AUTH_TIMER).getAndSet(null);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (!frame.hasConnect()) {
            log.debug("{} sent {} before Connect; closing", ctx.channel().remoteAddress(), frame.getBodyCase());
            metrics.protocolViolation();
            ctx.close();
            return;
        }
        Connect c = frame.getConnect();
        ConnectAuthenticator.Result auth = authenticator.authenticate(c.getProtocolVersion(), c.getAppKey(),
                c.getToken());
        if (!auth.ok()) {
            refuse(ctx, frame, auth.code(), auth.detail(), c);
            return;
        }
        if (c.getPlatform() == Platform.PLATFORM_UNSPECIFIED || c.getPlatform() == Platform.UNRECOGNIZED
                || c.getDeviceId().isEmpty() || c.getDeviceId().length() > 128) {
            refuse(ctx, frame, ErrorCode.RC_CONN_ID_REJECT, "platform and a device id of at most 128 characters are required", c);
            return;
        }
        // Not a secret (the token is the credential): ThreadLocalRandom instead of UUID.randomUUID(),
        // whose SecureRandom is one lock for every event loop.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Session session = new Session(new UUID(random.nextLong(), random.nextLong()).toString(), auth.app().appKey(), auth.userId(),
                c.getPlatform(), c.getDeviceId(), ctx.channel(), clock.millis());
        ctx.channel().attr(GatewayAttributes.SESSION).set(session);
        // At once on the embedded node; a cluster node first asks the other nodes (never blocking the loop).
        registry.admit(session, c.getReconnect(), c.getKickReconnectDevice(),
                admission -> admitted(ctx, frame, c, auth, session, admission));
    }

    private void admitted(ChannelHandlerContext ctx, Frame frame, Connect c, ConnectAuthenticator.Result auth,
                          Session session, SessionRegistry.Admission admission) {
        if (!admission.accepted()) {
            ctx.channel().attr(GatewayAttributes.SESSION).set(null);
            refuse(ctx, frame, admission.code(), admission.detail(), c);
            return;
        }
        ctx.pipeline().remove(this);
        metrics.connected(ErrorCode.SUCCESS);
        ctx.writeAndFlush(ack(frame, ConnectAck.newBuilder().setCode(ErrorCode.SUCCESS).setUserId(auth.userId())
                .setSessionId(session.id()).setServerTime(clock.millis())
                .setHeartbeatIntervalMs((int) settings.heartbeatInterval().toMillis())));
        log.debug("{} connected from {}", session, ctx.channel().remoteAddress());
    }

    private void refuse(ChannelHandlerContext ctx, Frame request, int code, String detail, Connect c) {
        // App Key and detail may be the client's own text: escaped and cut before they reach the log.
        refusals.refused("connect refused with {} ({}) app={} from {}", code, LogSafe.text(detail),
                LogSafe.text(c.getAppKey()), ctx.channel().remoteAddress());
        metrics.connected(code);
        ctx.writeAndFlush(ack(request, ConnectAck.newBuilder().setCode(code).setDetail(detail)
                .setServerTime(clock.millis()))).addListener(ChannelFutureListener.CLOSE);
    }

    private static Frame ack(Frame request, ConnectAck.Builder ack) {
        return Frame.newBuilder().setRequestId(request.getRequestId()).setConnectAck(ack).build();
    }
}
