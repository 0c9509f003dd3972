package dev.parley.server.cluster;

import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets Lettuce run its Redis connections on the node's own Netty event loops instead of a
 * second set of I/O threads: fewer threads and wake-ups per delivered batch. Safe because
 * (1) Lettuce asks for a group of its transport's type and gets ours only when that transport
 * is ours (epoll with epoll, NIO with NIO: a Netty 4.2 {@code MultiThreadIoEventLoopGroup}
 * serves the channels of its IoHandler), otherwise a group of its own; (2) releasing or shutting
 * down Lettuce never shuts ours; (3) nothing on an event loop waits for a Redis reply: the
 * cluster components use Lettuce's asynchronous API there, and the synchronous one only on
 * their own threads (a synchronous call on the loop that carries its connection would wait for
 * itself).
 */
final class SharedEventLoops implements EventLoopGroupProvider {
    private static final Logger log = LoggerFactory.getLogger(SharedEventLoops.class);

    private final EventLoopGroup shared;
    private final boolean sharedIsEpoll;
    private final int threads;
    private final DefaultEventLoopGroupProvider fallback = new DefaultEventLoopGroupProvider(1);

    SharedEventLoops(EventLoopGroup shared, boolean sharedIsEpoll, int threads) {
        this.shared = shared;
        this.sharedIsEpoll = sharedIsEpoll;
        this.threads = threads;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        // Netty 4.2: Lettuce asks for a MultiThreadIoEventLoopGroup whatever its transport, which
        // its socket channel class names; older versions ask for an EpollEventLoopGroup or a NioEventLoopGroup.
        String channel = Transports.socketChannelClass().getSimpleName();
        boolean lettuceEpoll = channel.startsWith("Epoll");
        boolean lettuceNio = channel.startsWith("Nio");
        boolean wantsEpoll = type.getSimpleName().startsWith("Epoll")
                || (type.isInstance(shared) && lettuceEpoll);
        boolean wantsNio = type.getSimpleName().startsWith("Nio") || (type.isInstance(shared) && lettuceNio);
        if ((wantsEpoll && sharedIsEpoll) || (wantsNio && !sharedIsEpoll)) {
            // Lettuce only uses the group as an EventLoopGroup (checked in 7.7): our type is fine.
            return (T) shared;
        }
        log.info("Redis connections use their own event loop: Lettuce's transport {} is not the node's ({})",
                type.getSimpleName(), sharedIsEpoll ? "epoll" : "nio");
        return fallback.allocate(type);
    }

    @Override
    public int threadPoolSize() {
        return threads;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        if (group == shared) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true); // the node shuts its loops itself
        }
        return fallback.release(group, quietPeriod, timeout, unit);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return fallback.shutdown(quietPeriod, timeout, unit);
    }
}
