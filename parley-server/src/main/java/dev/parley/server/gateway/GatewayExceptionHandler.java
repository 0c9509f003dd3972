package dev.parley.server.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in every client pipeline: a connection that sent bytes we cannot decode (garbage,
 * oversized frames) or failed at the socket is closed; nothing else on the node is affected.
 */
@ChannelHandler.Sharable
final class GatewayExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(GatewayExceptionHandler.class);
    private final GatewayMetrics metrics;

    GatewayExceptionHandler(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            metrics.protocolViolation();
            log.debug("{} sent an undecodable frame ({}); closing", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("{} socket error: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("unexpected error on {}; closing", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // A frame type this node does not handle yet: drop it rather than leak it.
        io.netty.util.ReferenceCountUtil.release(msg);
    }
}
