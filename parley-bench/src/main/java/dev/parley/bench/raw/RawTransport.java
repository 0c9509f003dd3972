package dev.parley.bench.raw;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The raw clients' I/O: native epoll where the platform has it, NIO elsewhere, as the server's
 * own transport chooses, so that both ends pay the same per-syscall costs.
 */
final class RawTransport {
    private final boolean epoll = Epoll.isAvailable();

    /** Threads named {@code raw-io-N}: the report's per-thread-group CPU shows them apart from the rest. */
    EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("raw-io", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    Class<? extends SocketChannel> channel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    String name() {
        return epoll ? "epoll" : "nio";
    }
}
