package dev.parley.server.gateway;

import dev.parley.protocol.wire.Frame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the requests of one connection that are queued on or running on its messaging
 * executor (sync, history, recall, group sends; see {@link MessagingHandler#runsOnExecutor})
 * to {@link #MAX_IN_FLIGHT}. Further ones wait here in arrival order, and the socket is not
 * read until they are handed on; they are handed on only while the connection can take
 * answers (it is writable). So one connection holds at most a few tasks on the executor it
 * shares with others, and a client that does not read its answers gets no more of them made.
 *
 * <p>What already arrived in the socket read that filled the window still waits here
 * (a read is decoded whole); a connection with more than {@link #MAX_WAITING} waiting has
 * pipelined far beyond any client's need and is closed. Other frames (1:1 sends, pings)
 * pass straight on as before: everything of one conversation takes one path, so its order
 * holds. One instance per connection; {@link #release} may be called from any thread.
 */
final class InFlightLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InFlightLimiter.class);

    /** Requests of one connection on its messaging executor at once. */
    static final int MAX_IN_FLIGHT = 4;
    /** Requests of one connection waiting for a slot before it is closed. */
    static final int MAX_WAITING = 1024;

    private static final AttributeKey<InFlightLimiter> KEY = AttributeKey.valueOf("parley.inFlight");

    private final GatewayMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    /** Requests wait: a release must hand the next one on (written on the event loop, read anywhere). */
    private volatile boolean holding;
    private ChannelHandlerContext ctx;

    InFlightLimiter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Tells the connection's limiter that one request it handed on is done (answered, or handed to the writer). */
    static void release(Channel channel) {
        InFlightLimiter limiter = channel.attr(KEY).get();
        if (limiter != null) {
            limiter.release();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().attr(KEY).set(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame f) || !MessagingHandler.runsOnExecutor(f)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (waiting.isEmpty() && ctx.channel().isWritable() && tryAcquire()) {
            ctx.fireChannelRead(f);
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            log.info("{} pipelined more than {} requests without waiting for answers; closing",
                    ctx.channel().attr(GatewayAttributes.SESSION).get(), MAX_WAITING);
            metrics.protocolViolation();
            drop();
            ctx.close();
            return;
        }
        waiting.add(f);
        metrics.requestsWaiting(1);
        if (!holding) {
            holding = true;
            ReadGate.of(ctx.channel()).pause(ReadGate.Reason.REQUESTS_IN_FLIGHT);
        }
        // A slot may have been released before holding was set, without handing anything on.
        handOn();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && holding) {
            handOn();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private boolean tryAcquire() {
        while (true) {
            int n = inFlight.get();
            if (n >= MAX_IN_FLIGHT) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                metrics.requestsInFlight(1);
                return true;
            }
        }
    }

    private void release() {
        inFlight.decrementAndGet();
        metrics.requestsInFlight(-1);
        // Read after the decrement: either handOn sees the free slot, or this sees holding.
        if (holding) {
            ctx.executor().execute(this::handOn);
        }
    }

    /** Hands waiting requests on while slots are free and the connection takes answers; on the event loop. */
    private void handOn() {
        Channel ch = ctx.channel();
        while (!waiting.isEmpty() && ch.isActive() && ch.isWritable() && tryAcquire()) {
            metrics.requestsWaiting(-1);
            ctx.fireChannelRead(waiting.poll());
        }
        if (waiting.isEmpty() && holding) {
            holding = false;
            ReadGate.of(ch).resume(ReadGate.Reason.REQUESTS_IN_FLIGHT);
        }
    }

    private void drop() {
        metrics.requestsWaiting(-waiting.size());
        waiting.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drop();
        ctx.fireChannelInactive();
    }
}
