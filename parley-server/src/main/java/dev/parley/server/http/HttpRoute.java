package dev.parley.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/** Something served on the HTTP port at a fixed path. Runs on the event loop: must not block. */
@FunctionalInterface
public interface HttpRoute {
    void serve(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive);
}
