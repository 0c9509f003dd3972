package dev.parley.client.testing;

import dev.parley.protocol.Protocol;
import dev.parley.protocol.TokenClaims;
import dev.parley.protocol.codec.FrameProtobufDecoder;
import dev.parley.protocol.codec.VarintFrameDecoder;
import dev.parley.protocol.codec.TcpFrameEncoder;
import dev.parley.protocol.codec.WebSocketFrameCodec;
import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.ConnectAck;
import dev.parley.protocol.wire.Disconnect;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Kick;
import dev.parley.protocol.wire.Pong;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable stand-in for the Parley gateway: TCP and WebSocket listeners on ephemeral
 * ports speaking the real protocol codecs. Tests set how it answers (ConnectAck code,
 * pongs or silence), make it misbehave (drop sockets, kick, stop, restart on the same
 * ports) and read what it received. Messaging frames of connected sessions go to
 * {@link #messaging}, which survives {@link #stop()}/{@link #start()} like a server's storage.
 */
public final class FakeGateway implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
            new DefaultThreadFactory("fake-gateway", true), NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel tcpServer;
    private Channel wsServer;
    private int tcpPort;
    private int wsPort;

    /** ConnectAck code to answer with; non-zero acks are followed by a close. */
    public volatile int ackCode;
    public volatile String ackDetail = "";
    /** When false, Connect frames get no answer at all. */
    public volatile boolean answerConnect = true;
    /** When false, pings get no pong. */
    public volatile boolean answerPings = true;
    public volatile int heartbeatIntervalMs = 30_000;
    /** Added to the server time sent in ConnectAck, to test the delta-time measurement. */
    public volatile long serverClockOffsetMs;

    public final List<Connect> connects = new CopyOnWriteArrayList<>();
    public final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
    public final AtomicInteger socketsAccepted = new AtomicInteger();
    /** Where client sockets came from. */
    public final List<InetSocketAddress> clientAddresses = new CopyOnWriteArrayList<>();
    public final AtomicInteger pings = new AtomicInteger();
    public final FakeMessaging messaging = new FakeMessaging();

    /** Binds both listeners: ephemeral ports the first time, the same ports after a {@link #stop()}. */
    public synchronized FakeGateway start() throws InterruptedException {
        tcpServer = bind(tcpPort, false);
        wsServer = bind(wsPort, true);
        tcpPort = ((InetSocketAddress) tcpServer.localAddress()).getPort();
        wsPort = ((InetSocketAddress) wsServer.localAddress()).getPort();
        return this;
    }

    /** Closes the listeners and every client socket, so connections are refused. */
    public synchronized void stop() throws InterruptedException {
        if (tcpServer != null) {
            tcpServer.close().sync();
            wsServer.close().sync();
            tcpServer = null;
            wsServer = null;
        }
        clients.close().sync();
    }

    /** Drops every client socket without a word. */
    public void dropAll() {
        clients.close().syncUninterruptibly();
    }

    /** Sends every client a Kick with {@code code}, then closes the sockets. */
    public void kickAll(int code, String detail) {
        for (Channel ch : clients) {
            ch.writeAndFlush(Frame.newBuilder().setKick(Kick.newBuilder().setCode(code).setDetail(detail)).build())
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Number of client sockets open now. */
    public int openSockets() {
        return clients.size();
    }

    public String tcpAddress() {
        return "127.0.0.1:" + tcpPort;
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + wsPort + "/ws";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    private Channel bind(int port, boolean webSocket) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (webSocket) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler("/ws", null, false, Protocol.MAX_FRAME_BYTES),
                                    WebSocketFrameCodec.INSTANCE);
                        } else {
                            ch.pipeline().addLast(new VarintFrameDecoder(Protocol.MAX_FRAME_BYTES),
                                    FrameProtobufDecoder.INSTANCE, TcpFrameEncoder.INSTANCE);
                        }
                        ch.pipeline().addLast(new Session());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
    }

    /** One client socket on the fake. */
    private final class Session extends SimpleChannelInboundHandler<Frame> {
        // Set once the ConnectAck accepted the session.
        private String userId;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            socketsAccepted.incrementAndGet();
            clientAddresses.add((InetSocketAddress) ctx.channel().remoteAddress());
            clients.add(ctx.channel());
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            switch (frame.getBodyCase()) {
                case CONNECT -> onConnect(ctx, frame.getConnect());
                case PING -> {
                    pings.incrementAndGet();
                    if (answerPings) {
                        ctx.writeAndFlush(Frame.newBuilder()
                                .setPong(Pong.newBuilder().setServerTime(System.currentTimeMillis())).build());
                    }
                }
                case DISCONNECT -> {
                    disconnects.add(frame.getDisconnect());
                    ctx.close();
                }
                default -> {
                    if (userId != null) {
                        messaging.onFrame(userId, ctx.channel(), frame);
                    }
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (userId != null) {
                messaging.sessionEnded(userId, ctx.channel());
            }
            super.channelInactive(ctx);
        }

        private void onConnect(ChannelHandlerContext ctx, Connect connect) {
            connects.add(connect);
            if (!answerConnect) {
                return;
            }
            int code = ackCode;
            String userId = TokenClaims.parse(connect.getToken()).map(TokenClaims::userId).orElse("");
            ConnectAck.Builder ack = ConnectAck.newBuilder().setCode(code).setDetail(ackDetail);
            if (code == 0) {
                ack.setUserId(userId)
                        .setSessionId(UUID.randomUUID().toString())
                        .setServerTime(System.currentTimeMillis() + serverClockOffsetMs)
                        .setHeartbeatIntervalMs(heartbeatIntervalMs);
            }
            Frame ackFrame = Frame.newBuilder().setConnectAck(ack).build();
            if (code == 0) {
                this.userId = userId;
                messaging.sessionStarted(userId, ctx.channel(), ackFrame);
            } else {
                ctx.writeAndFlush(ackFrame).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
