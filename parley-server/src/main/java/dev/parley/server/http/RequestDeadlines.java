package dev.parley.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for plain HTTP, counted from a request's first byte rather than from the last one
 * (a client trickling a byte a second never goes idle): its headers within the header timeout,
 * all of it within the body timeout. Between requests a kept-alive connection may idle for the
 * keep-alive timeout. A connection's first request counts from the connection opening, so a
 * silent socket is closed at the header deadline too. While the node works on a request no
 * deadline runs. Sits just after the HTTP codec; the WebSocket upgrade removes it.
 */
public final class RequestDeadlines extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(RequestDeadlines.class);

    private final HttpLimits limits;
    private boolean inRequest;
    private boolean sawMessage;
    private long firstByteNanos;
    private int unanswered;
    private boolean answering;
    private ScheduledFuture<?> timer;

    public RequestDeadlines(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        startRequest(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        sawMessage = true;
        if (msg instanceof HttpRequest) {
            if (!inRequest) {
                startRequest(ctx);
            }
            long left = limits.bodyTimeout().toNanos() - (System.nanoTime() - firstByteNanos);
            arm(ctx, Math.max(0, left), limits.bodyTimeout(), "whole request");
        }
        if (msg instanceof LastHttpContent) {
            inRequest = false;
            unanswered++;
            cancel();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // Bytes arrived but made no message: the start of a request's headers. (Bytes that
        // follow a complete request in the same read are only caught by the idle timer.)
        if (!sawMessage && !inRequest && ctx.channel().isActive()) {
            startRequest(ctx);
        }
        sawMessage = false;
        super.channelReadComplete(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse res && res.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            answering = true;
        }
        if (msg instanceof LastHttpContent && answering) {
            answering = false;
            unanswered = Math.max(0, unanswered - 1);
            if (unanswered == 0 && !inRequest) {
                arm(ctx, limits.keepAliveIdle().toNanos(), limits.keepAliveIdle(), null);
            }
        }
        super.write(ctx, msg, promise);
    }

    private void startRequest(ChannelHandlerContext ctx) {
        inRequest = true;
        firstByteNanos = System.nanoTime();
        arm(ctx, limits.headerTimeout().toNanos(), limits.headerTimeout(), "request headers");
    }

    /** Closes the connection in {@code nanos}; for an unfinished request ({@code what}) with a 408 first. */
    private void arm(ChannelHandlerContext ctx, long nanos, Duration deadline, String what) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            timer = null;
            if (what == null || unanswered > 0) {
                log.debug("{}: idle or unfinished past {}; closing", ctx.channel().remoteAddress(), deadline);
                ctx.close();
                return;
            }
            log.debug("{}: {} not in within {}; closing", ctx.channel().remoteAddress(), what, deadline);
            HttpResponses.error(ctx, false, 408, 1002, what + " not received within " + deadline.toMillis() + " ms");
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
