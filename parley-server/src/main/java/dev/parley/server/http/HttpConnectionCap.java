package dev.parley.server.http;

import dev.parley.server.ops.RefusalLog;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections that have not yet shown they are clients: a connection counts from
 * accept until the node answers one of its requests with a final response, or, on
 * {@code /ws}, accepts its Connect. Over the node-wide or per-address cap a new connection gets
 * a 503 and is closed, so a flood of half-open sockets runs out of slots before the node runs
 * out of descriptors or memory. Sits just after the HTTP codec; one instance per node.
 */
@ChannelHandler.Sharable
public final class HttpConnectionCap extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpConnectionCap.class);
    private static final AttributeKey<InetAddress> HELD = AttributeKey.valueOf("parley.http.unproven");

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger unproven = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final RefusalLog refusals = new RefusalLog(log, "HTTP connection", 10);

    public HttpConnectionCap(HttpLimits limits) {
        this.max = limits.maxUnproven();
        this.maxPerAddress = limits.maxUnprovenPerAddress();
    }

    /** Connections counted now, node-wide. */
    public int unproven() {
        return unproven.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!admit(address)) {
            refusals.refused("HTTP connection from {} refused: over the cap of {} ({} per address) not yet answered",
                    address, max, maxPerAddress);
            ctx.channel().config().setAutoRead(false);
            HttpResponses.error(ctx, false, 503, 1008, "too many connections waiting for their first answer; retry later");
            return;
        }
        ctx.channel().attr(HELD).set(address);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        proven(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        // 100 Continue and 101 Switching Protocols do not count: an upgraded socket must still Connect.
        if (msg instanceof HttpResponse res && res.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            proven(ctx.channel());
        }
        super.write(ctx, msg, promise);
    }

    /** Frees the connection's slot, if it still holds one. */
    void proven(Channel channel) {
        InetAddress address = channel.attr(HELD).getAndSet(null);
        if (address != null) {
            unproven.decrementAndGet();
            perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    private boolean admit(InetAddress address) {
        if (unproven.incrementAndGet() > max) {
            unproven.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, n) -> {
            int held = n == null ? 0 : n;
            admitted[0] = held < maxPerAddress;
            return admitted[0] ? held + 1 : n;
        });
        if (!admitted[0]) {
            unproven.decrementAndGet();
        }
        return admitted[0];
    }
}
