package dev.parley.bench.raw;

import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.load.SourceAddresses;
import dev.parley.bench.measure.JvmGc;
import dev.parley.bench.measure.LatencyRecorder;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.codec.FrameProtobufDecoder;
import dev.parley.protocol.codec.VarintFrameDecoder;
import dev.parley.protocol.codec.TcpFrameEncoder;
import dev.parley.protocol.wire.ConversationType;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Light protocol-level clients, one TCP session per user, all on one shared event loop group
 * (no thread per connection): the load generator for measuring the server rather than the SDK.
 * No SDK, no local database, no per-engine navigation; what each client does per message is
 * encode a {@code Send}, and decode a {@code SendAck} and a {@code Notify}.
 */
public final class RawFleet implements AutoCloseable {
    /** How often silent sessions ping; well inside any sane idle timeout (the server's default is 3 × 30 s). */
    private static final long HEARTBEAT_SECONDS = 15;

    /**
     * What to connect.
     *
     * @param firstIndex      global index of {@code tokens[0]}: device ids and source addresses derive from it
     * @param sourceAddresses spread sockets over 127.0.0.2.. (0 = the OS's choice)
     * @param ioThreads       event loop threads shared by all sessions
     */
    public record Plan(InetSocketAddress gateway, String appKey, List<String> tokens, int firstIndex, int inFlight,
                       int connectTimeoutSeconds, int sourceAddresses, int ioThreads,
                       IntFunction<InetSocketAddress> gatewayOf) {
        public Plan {
            tokens = List.copyOf(tokens);
            if (inFlight < 1 || ioThreads < 1 || connectTimeoutSeconds < 1) {
                throw new IllegalArgumentException("in-flight, I/O threads and the connect timeout must be positive");
            }
        }

        /** Every client connects to {@code gateway}. */
        public Plan(InetSocketAddress gateway, String appKey, List<String> tokens, int firstIndex, int inFlight,
                    int connectTimeoutSeconds, int sourceAddresses, int ioThreads) {
            this(gateway, appKey, tokens, firstIndex, inFlight, connectTimeoutSeconds, sourceAddresses, ioThreads, null);
        }

        /**
         * The gateway client {@code i} (0-based within the plan) connects to: {@code gatewayOf(i)},
         * asked right before its connect (clients placed on chosen nodes of a cluster), else {@code gateway}.
         */
        InetSocketAddress gatewayFor(int i) {
            return gatewayOf == null ? gateway : gatewayOf.apply(i);
        }
    }

    private final Plan plan;
    private final RawTransport transport = new RawTransport();
    private final EventLoopGroup group;
    private final List<RawClient> clients;
    private final RawFleetStats stats = new RawFleetStats();
    private final ScheduledFuture<?> heartbeat;

    private RawFleet(Plan plan, RawListener listener) {
        this.plan = plan;
        this.group = transport.group(plan.ioThreads());
        this.clients = new ArrayList<>(plan.tokens().size());
        for (int i = 0; i < plan.tokens().size(); i++) {
            clients.add(new RawClient(plan.firstIndex() + i, plan.appKey(), plan.tokens().get(i), listener, stats));
        }
        // One sweep for all sessions instead of a timer per connection.
        this.heartbeat = group.next().scheduleAtFixedRate(() -> clients.forEach(RawClient::pingIfIdle),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Creates the clients; nothing touches the network until {@link #connectAll()}. */
    public static RawFleet create(Plan plan, RawListener listener) {
        return new RawFleet(plan, listener);
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return transport.name();
    }

    public int size() {
        return clients.size();
    }

    public RawFleetStats stats() {
        return stats;
    }

    /** Where a session's connect ends: what its latency measures and when its in-flight slot frees. */
    public enum Until {
        /** {@code ConnectAck} code 0 read off the socket (the initial sync then runs on, untimed). */
        CONNECT_ACK,
        /** The end of the initial sync: the session is connected and caught up. */
        SYNCED
    }

    /**
     * Connects every client, at most {@code inFlight} at a time, each timed from opening the
     * socket to the end of its initial sync; returns when each has an outcome.
     */
    public ConnectResult connectAll() throws InterruptedException {
        return connectAll(Until.SYNCED);
    }

    /**
     * Connects every client, at most {@code inFlight} at a time, each timed from opening the
     * socket to {@code until}; returns when each has an outcome.
     */
    public ConnectResult connectAll(Until until) throws InterruptedException {
        SourceAddresses sources = new SourceAddresses(plan.sourceAddresses());
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, plan.connectTimeoutSeconds() * 1000);
        Semaphore inFlight = new Semaphore(plan.inFlight());
        LatencyRecorder latency = new LatencyRecorder();
        Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicInteger connected = new AtomicInteger();
        CountDownLatch outcomes = new CountDownLatch(clients.size());
        long gcBefore = JvmGc.collectionMillis();
        long start = System.nanoTime();
        for (int i = 0; i < clients.size(); i++) {
            inFlight.acquire();
            RawClient client = clients.get(i);
            var outcome = until == Until.CONNECT_ACK ? client.connectAcked() : client.ready();
            long calledAt = System.nanoTime();
            outcome.orTimeout(plan.connectTimeoutSeconds(), TimeUnit.SECONDS).whenComplete((code, e) -> {
                int c = e != null ? ErrorCode.RC_CONNECT_TIMEOUT : code;
                if (c == ErrorCode.SUCCESS) {
                    latency.recordNanos(System.nanoTime() - calledAt);
                    connected.incrementAndGet();
                } else {
                    failures.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet();
                }
                inFlight.release();
                outcomes.countDown();
            });
            ChannelFuture f = bootstrap.clone().handler(pipeline(client))
                    .connect(plan.gatewayFor(i), local(sources, plan.firstIndex() + i));
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    client.connectFailed();
                }
            });
        }
        outcomes.await();
        Map<Integer, Integer> byCode = new TreeMap<>();
        failures.forEach((code, n) -> byCode.put(code, n.get()));
        return new ConnectResult(clients.size(), connected.get(), byCode, System.nanoTime() - start,
                latency.histogram(), JvmGc.collectionMillis() - gcBefore);
    }

    private static InetSocketAddress local(SourceAddresses sources, int index) {
        return sources.forEngine(index) == null ? null : new InetSocketAddress(sources.forEngine(index), 0);
    }

    private static ChannelInitializer<SocketChannel> pipeline(RawClient client) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                        .addLast(new VarintFrameDecoder(Protocol.MAX_FRAME_BYTES))
                        .addLast(FrameProtobufDecoder.INSTANCE)
                        .addLast(TcpFrameEncoder.INSTANCE)
                        .addLast(client);
            }
        };
    }

    /** Sends bench message {@code id} from client {@code from}; false if its session is not open. */
    public boolean send(int from, ConversationType type, String targetId, String objectName, String content, long id) {
        return clients.get(from).send(type, targetId, objectName, content, id);
    }

    /** Closes every session and stops the event loops. */
    @Override
    public void close() {
        heartbeat.cancel(false);
        clients.forEach(RawClient::close);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(30, TimeUnit.SECONDS);
    }
}
