package dev.parley.server.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a connection that has sent nothing (not even a ping) for the idle timeout. */
final class IdleTimeoutHandler extends IdleStateHandler {
    private static final Logger log = LoggerFactory.getLogger(IdleTimeoutHandler.class);
    private final GatewayMetrics metrics;

    IdleTimeoutHandler(long idleMillis, GatewayMetrics metrics) {
        super(idleMillis, 0, 0, TimeUnit.MILLISECONDS);
        this.metrics = metrics;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        log.debug("{} idle; closing", ctx.channel().remoteAddress());
        metrics.idleTimeout();
        ctx.close();
    }
}
