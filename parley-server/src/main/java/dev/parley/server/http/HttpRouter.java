package dev.parley.server.http;

import dev.parley.server.ops.LogSafe;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches plain HTTP requests by path: exact routes first, then the Server API for {@code *.json}. */
@ChannelHandler.Sharable
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    private final Map<String, HttpRoute> routes;
    private final HttpRoute fallback;

    public HttpRouter(Map<String, HttpRoute> routes, HttpRoute fallback) {
        this.routes = Map.copyOf(routes);
        this.fallback = fallback;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            HttpResponses.error(ctx, false, 400, 1002, "malformed HTTP request");
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        routes.getOrDefault(path, fallback).serve(ctx, req, keepAlive);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), LogSafe.text(cause.toString()));
        ctx.close();
    }
}
