package dev.parley.client.internal;

import dev.parley.protocol.Protocol;
import dev.parley.protocol.codec.FrameProtobufDecoder;
import dev.parley.protocol.codec.VarintFrameDecoder;
import dev.parley.protocol.codec.TcpFrameEncoder;
import dev.parley.protocol.codec.WebSocketFrameCodec;
import dev.parley.protocol.wire.Frame;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Opens gateway sockets on the shared event loop group: TCP with varint-framed protobuf, or
 * WebSocket with one protobuf frame per binary message. The pipeline ends in a handler that
 * turns channel events into {@link GatewayLink.Listener} calls.
 */
final class GatewayConnector {
    static final int SOCKET_CONNECT_TIMEOUT_MILLIS = 5_000;
    // The upgrade response is small; the aggregator only ever holds that.
    private static final int MAX_HTTP_RESPONSE_BYTES = 64 * 1024;

    private final EventLoopGroup group;
    private final InetAddress localAddress;
    private final Duration handshakeTimeout;

    GatewayConnector(EventLoopGroup group, InetAddress localAddress, Duration handshakeTimeout) {
        this.group = group;
        this.localAddress = localAddress;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * Starts opening a socket; the outcome arrives through the listener. Resolves the host name
     * on the calling thread, so call it from a worker thread, never from an event loop.
     *
     * @throws UnknownHostException if the gateway host name does not resolve
     */
    GatewayLink open(GatewayAddress address, GatewayLink.Listener listener) throws UnknownHostException {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
        GatewayLink link = new GatewayLink(listener);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, SOCKET_CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws SSLException {
                        configure(ch.pipeline(), address, link);
                    }
                });
        ChannelFuture connecting = localAddress == null
                ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(localAddress, 0));
        link.attach(connecting.channel());
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                // channelInactive never fires for a socket that never became active.
                link.reportClosed(f.cause());
                f.channel().close();
            }
        });
        return link;
    }

    private void configure(ChannelPipeline p, GatewayAddress address, GatewayLink link) throws SSLException {
        if (address.isWebSocket()) {
            if (address.isSecure()) {
                p.addLast(Tls.context().newHandler(p.channel().alloc(), address.host(), address.port()));
            }
            p.addLast(new HttpClientCodec());
            p.addLast(new HttpObjectAggregator(MAX_HTTP_RESPONSE_BYTES));
            p.addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(address.webSocketUri())
                    .version(WebSocketVersion.V13)
                    .maxFramePayloadLength(Protocol.MAX_FRAME_BYTES)
                    .handshakeTimeoutMillis(handshakeTimeout.toMillis())
                    .build()));
            p.addLast(WebSocketFrameCodec.INSTANCE);
        } else {
            p.addLast(new VarintFrameDecoder(Protocol.MAX_FRAME_BYTES));
            p.addLast(FrameProtobufDecoder.INSTANCE);
            p.addLast(TcpFrameEncoder.INSTANCE);
        }
        p.addLast(new LinkHandler(link, address.isWebSocket()));
    }

    /** Last handler of the pipeline: forwards events to the link's listener. */
    private static final class LinkHandler extends SimpleChannelInboundHandler<Frame> {
        private final GatewayLink link;
        private final boolean webSocket;

        LinkHandler(GatewayLink link, boolean webSocket) {
            this.link = link;
            this.webSocket = webSocket;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            link.listener().onSocketOpened();
            if (!webSocket) {
                link.listener().onReady();
            }
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                link.listener().onReady();
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                link.recordFailure(new java.util.concurrent.TimeoutException("WebSocket upgrade timed out"));
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            link.listener().onFrame(frame);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            link.recordFailure(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            link.reportClosed(null);
            super.channelInactive(ctx);
        }
    }

    /** Client TLS for {@code wss://}, built once, verifying the host name against the certificate. */
    private static final class Tls {
        private static volatile SslContext context;

        static SslContext context() throws SSLException {
            SslContext c = context;
            if (c == null) {
                synchronized (Tls.class) {
                    c = context;
                    if (c == null) {
                        c = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
                        context = c;
                    }
                }
            }
            return c;
        }
    }
}
