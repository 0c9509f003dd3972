package dev.parley.server.http;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * On an upgraded {@code /ws} connection, watches for the gateway's ConnectAck: once a Connect
 * is accepted the socket is a client's and leaves the {@link HttpConnectionCap}. Leaves the
 * pipeline at the first ConnectAck either way (a refused socket is closed).
 */
@ChannelHandler.Sharable
final class ConnectAccepted extends ChannelOutboundHandlerAdapter {
    private final HttpConnectionCap cap;

    ConnectAccepted(HttpConnectionCap cap) {
        this.cap = cap;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof Frame frame && frame.hasConnectAck()) {
            if (frame.getConnectAck().getCode() == ErrorCode.SUCCESS) {
                cap.proven(ctx.channel());
            }
            ctx.pipeline().remove(this);
        }
        super.write(ctx, msg, promise);
    }
}
