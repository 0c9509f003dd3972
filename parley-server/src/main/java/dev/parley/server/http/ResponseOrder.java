package dev.parley.server.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Answers pipelined requests in the order they came (HTTP/1.1 requires it): Server API calls
 * are answered from the API executor while {@code /health} answers at once, so without this a
 * [publish, health] pipeline came back [health, publish]. One request is passed on at a time;
 * the ones behind it wait here, and reading stops until they have all been passed on, so the
 * queue holds no more than one read's worth of requests.
 */
public final class ResponseOrder extends ChannelDuplexHandler {
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean outstanding;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof FullHttpRequest request)) {
            super.channelRead(ctx, msg);
            return;
        }
        if (outstanding) {
            waiting.add(request);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        outstanding = true;
        super.channelRead(ctx, request);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        super.write(ctx, msg, promise);
        if (msg instanceof LastHttpContent && outstanding) {
            outstanding = false;
            // After this write has gone down the pipeline, not inside it.
            ctx.executor().execute(() -> next(ctx));
        }
    }

    private void next(ChannelHandlerContext ctx) {
        if (outstanding || ctx.isRemoved()) {
            return;
        }
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        if (!ctx.channel().isActive()) {
            request.release();
            release();
            return;
        }
        outstanding = true;
        ctx.fireChannelRead(request);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
        ctx.channel().config().setAutoRead(true);
    }

    private void release() {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            ReferenceCountUtil.release(request);
        }
    }
}
