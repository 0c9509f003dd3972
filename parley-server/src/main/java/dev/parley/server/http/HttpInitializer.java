package dev.parley.server.http;

import dev.parley.protocol.codec.WebSocketFrameCodec;
import dev.parley.server.gateway.ProtocolHandlers;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP port: Server API, navigation, health and metrics as plain requests, and the
 * WebSocket gateway at {@code /ws}, which after the upgrade gets the same protocol handlers
 * as a TCP connection. Until then the connection is held to the {@link HttpLimits}: a cap on
 * connections not yet answered, request deadlines, and answers in request order.
 */
public final class HttpInitializer extends ChannelInitializer<SocketChannel> {
    /** Room for a 128 KiB message content after form encoding triples it, plus the other fields. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpRouter router;
    private final ProtocolHandlers protocol;
    private final HttpLimits limits;
    private final HttpConnectionCap cap;
    private final ConnectAccepted connectAccepted;

    public HttpInitializer(HttpRouter router, ProtocolHandlers protocol, HttpLimits limits) {
        this.router = router;
        this.protocol = protocol;
        this.limits = limits;
        this.cap = new HttpConnectionCap(limits);
        this.connectAccepted = new ConnectAccepted(cap);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast("http", new HttpServerCodec());
        ch.pipeline().addLast("cap", cap);
        ch.pipeline().addLast("deadlines", new RequestDeadlines(limits));
        ch.pipeline().addLast("aggregate", new BoundedAggregator());
        ch.pipeline().addLast("order", new ResponseOrder());
        ch.pipeline().addLast("ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .maxFramePayloadLength(protocol.settings().maxFrameBytes())
                .handshakeTimeoutMillis(protocol.settings().authTimeout().toMillis())
                .build()));
        ch.pipeline().addLast("upgraded", new UpgradeListener());
        ch.pipeline().addLast("router", router);
    }

    /**
     * Once a WebSocket handshake completes, swaps request routing for the protocol handlers. The
     * HTTP deadlines leave too: the gateway's auth timeout and heartbeats govern the session now.
     */
    private final class UpgradeListener extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                ctx.pipeline().remove("router");
                ctx.pipeline().remove("deadlines");
                ctx.pipeline().remove("order");
                ctx.pipeline().addLast("wsframes", WebSocketFrameCodec.INSTANCE);
                ctx.pipeline().addLast("connect-accepted", connectAccepted);
                protocol.install(ctx.pipeline());
                ctx.pipeline().remove(this);
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }
    }

    /** Refuses oversized bodies with a JSON error instead of Netty's bare 413. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        BoundedAggregator() {
            super(MAX_BODY_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            byte[] body = ("{\"code\":1005,\"errorMessage\":\"request body larger than " + MAX_BODY_BYTES + " bytes\"}")
                    .getBytes(StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
