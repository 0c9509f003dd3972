package dev.parley.server.gateway;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Pong;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Clock;

/** Answers each Ping with a Pong carrying server time; other frames pass on. */
@ChannelHandler.Sharable
public final class HeartbeatHandler extends ChannelInboundHandlerAdapter {
    private final Clock clock;

    public HeartbeatHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f && f.hasPing()) {
            ctx.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                    .setPong(Pong.newBuilder().setServerTime(clock.millis())).build());
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
