package dev.parley.server.gateway;

import dev.parley.protocol.wire.Frame;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a session: every frame marks it alive (for {@link IdleSweeper}), the client's
 * sign-out frame ends it, and closing the socket unregisters it.
 */
@ChannelHandler.Sharable
public final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);
    private final SessionRegistry registry;

    public SessionHandler(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Session session = ctx.channel().attr(GatewayAttributes.SESSION).get();
        if (session != null) {
            session.touch(System.nanoTime());
        }
        if (msg instanceof Frame f && f.hasDisconnect()) {
            log.debug("{} signed out (receivePush={})", session, f.getDisconnect().getReceivePush());
            ctx.close();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Session session = ctx.channel().attr(GatewayAttributes.SESSION).getAndSet(null);
        if (session != null) {
            registry.unregister(session);
        }
        ctx.fireChannelInactive();
    }
}
