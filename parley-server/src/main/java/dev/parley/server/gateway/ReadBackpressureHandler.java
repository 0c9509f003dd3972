package dev.parley.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops reading from a connection whose outbound buffer is over its high-water mark (the
 * device reads slower than we answer), and reads again once it has drained below the low
 * mark: a client that sends requests but never reads the answers cannot make the node buffer
 * them without bound. One that stays over the mark for the stall timeout is closed (it will
 * sync when it comes back): it would otherwise hold its buffer until the idle sweep, and be
 * counted as idle when it is we who stopped reading it. One instance per connection.
 */
final class ReadBackpressureHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ReadBackpressureHandler.class);

    private final Duration stallTimeout;
    private final GatewayMetrics metrics;
    private ScheduledFuture<?> deadline;

    ReadBackpressureHandler(Duration stallTimeout, GatewayMetrics metrics) {
        this.stallTimeout = stallTimeout;
        this.metrics = metrics;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (ch.isWritable()) {
            ReadGate.of(ch).resume(ReadGate.Reason.OUTBOUND_FULL);
            cancelDeadline();
        } else {
            ReadGate.of(ch).pause(ReadGate.Reason.OUTBOUND_FULL);
            if (deadline == null) {
                deadline = ctx.executor().schedule(() -> stalled(ctx), stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void stalled(ChannelHandlerContext ctx) {
        deadline = null;
        Channel ch = ctx.channel();
        if (ch.isWritable() || !ch.isActive()) {
            return;
        }
        ChannelOutboundBuffer pending = ch.unsafe().outboundBuffer();
        Session session = ch.attr(GatewayAttributes.SESSION).get();
        log.info("{} has not read what we sent for {} ({} bytes unsent); closing",
                session != null ? session : ch.remoteAddress(), stallTimeout,
                pending == null ? 0 : pending.totalPendingWriteBytes());
        metrics.writeStall();
        ctx.close();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
    }
}
