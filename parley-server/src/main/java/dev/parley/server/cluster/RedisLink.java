package dev.parley.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoopGroup;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * This node's connections to Redis: one for commands (string keys, binary values), one for
 * pub/sub, on the node's event loops ({@link SharedEventLoops}). Lettuce reconnects by itself;
 * while Redis is away commands fail at once (never queued without bound), {@link RedisHealth}
 * says so, and the {@link #onReconnect} hooks run when it is back.
 */
final class RedisLink implements AutoCloseable {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final String url;
    private final RedisHealth health;
    private final List<Runnable> reconnectHooks = new CopyOnWriteArrayList<>();
    private final Set<RedisChannelHandler<?, ?>> down = ConcurrentHashMap.newKeySet();
    private ClientResources resources;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> commands;
    private StatefulRedisPubSubConnection<String, byte[]> pubSub;
    private volatile boolean started;
    private volatile boolean closing; // a node stopping does not "lose" Redis

    RedisLink(String url, Clock clock) {
        this.url = url;
        this.health = new RedisHealth(clock, RedisURI.create(url).toString());
    }

    /**
     * Connects on {@code loops}; a Redis that cannot be reached stops the start with one clear
     * error (a node that never saw Redis could not tell the others it exists).
     */
    void connect(EventLoopGroup loops, boolean loopsAreEpoll, int loopThreads) {
        resources = DefaultClientResources.builder()
                .eventLoopGroupProvider(new SharedEventLoops(loops, loopsAreEpoll, loopThreads))
                .computationThreadPoolSize(1)
                // Lettuce's default backs off to 30 s: a node would stay cut off long after Redis returned.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                down.remove(connection);
                if (started && down.isEmpty() && !health.up()) {
                    // Connected is only TCP: a proxy or a Redis still loading may close or refuse
                    // at once. Back is when a command is answered (one INFO line, not a flapping pair).
                    commands.async().ping().whenComplete((pong, error) -> {
                        if (error == null && down.isEmpty() && health.connected()) {
                            reconnectHooks.forEach(Runnable::run);
                        }
                    });
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                down.add(connection);
                if (!closing) {
                    health.lost("connection closed");
                }
            }
        });
        try {
            commands = client.connect(CODEC);
            pubSub = client.connectPubSub(CODEC);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot reach Redis at " + RedisURI.create(url) + ": " + e.getMessage()
                    + " (cluster mode needs Redis at start)", e);
        }
        health.connected();
        started = true;
    }

    RedisHealth health() {
        return health;
    }

    /** Runs {@code hook} (on a Lettuce thread: it must not block) each time Redis comes back. */
    void onReconnect(Runnable hook) {
        reconnectHooks.add(hook);
    }

    /** For event loops and callbacks: never blocks. */
    RedisAsyncCommands<String, byte[]> async() {
        return commands.async();
    }

    /** For the cluster's own threads and the Server API's, never for an event loop. */
    RedisCommands<String, byte[]> sync() {
        return commands.sync();
    }

    StatefulRedisPubSubConnection<String, byte[]> pubSub() {
        return pubSub;
    }

    @Override
    public void close() {
        closing = true;
        if (pubSub != null) {
            pubSub.close();
        }
        if (commands != null) {
            commands.close();
        }
        if (client != null) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
