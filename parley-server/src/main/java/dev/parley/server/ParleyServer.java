package dev.parley.server;

import dev.parley.server.api.ApiAuthenticator;
import dev.parley.server.api.ApiDispatcher;
import dev.parley.server.api.GroupApi;
import dev.parley.server.api.MessageApi;
import dev.parley.server.api.UserApi;
import dev.parley.server.gateway.MessagingHandler;
import dev.parley.server.messaging.Delivery;
import dev.parley.server.messaging.InboxHeads;
import dev.parley.server.messaging.MessageWriter;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.messaging.RetentionPurger;
import dev.parley.server.messaging.SeqMode;
import dev.parley.server.store.GroupRepository;
import dev.parley.server.store.MessageImport;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.SqlMessageStore;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import dev.parley.server.auth.AppAdmin;
import dev.parley.server.auth.AppRegistry;
import dev.parley.server.auth.ConnectAuthenticator;
import dev.parley.server.auth.Restrictions;
import dev.parley.server.auth.TokenService;
import dev.parley.server.cluster.ClusterNode;
import dev.parley.server.config.ClusterSettings;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.gateway.GatewayMetrics;
import dev.parley.server.gateway.GatewaySettings;
import dev.parley.server.gateway.IdleSweeper;
import dev.parley.server.gateway.ProtocolHandlers;
import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.gateway.TcpGateway;
import dev.parley.server.http.HttpInitializer;
import dev.parley.server.http.HttpLimits;
import dev.parley.server.http.HttpRoute;
import dev.parley.server.http.HttpRouter;
import dev.parley.server.navi.GatewayAddresses;
import dev.parley.server.navi.NaviRoute;
import dev.parley.protocol.Protocol;
import dev.parley.server.gateway.SessionDrain;
import dev.parley.server.ops.ComponentHealth;
import dev.parley.server.ops.HealthReport;
import dev.parley.server.ops.HealthRoute;
import dev.parley.server.ops.OpsRoutes;
import dev.parley.server.ops.StorageProbe;
import dev.parley.server.store.AdminRepository;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.DataDirPermissions;
import dev.parley.server.store.Database;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.store.WalCheckpointer;
import dev.parley.server.store.UserRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Parley node: storage, the HTTP port (Server API, navigation, WebSocket gateway,
 * health, metrics) and the TCP gateway port. {@link #start} wires it; {@link #close} stops it.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
    /** How often caches look for changes made by the CLI or by other nodes. */
    private static final long REFRESH_MILLIS = 2000;
    private static final long PURGE_MINUTES = 60;
    // Often, so that when the writer has to finish a long log (WalCheckpointer) only a quarter
    // second of writes is left to copy: restarts took 70 ms on average with a one-second period.
    private static final long CHECKPOINT_MILLIS = 250;
    private static final int MESSAGING_THREADS = 4;

    private final ServerConfig config;
    private final Database database;
    private final MessageStore messageStore;
    private final WalCheckpointer checkpointer; // SQLite's log only: null in a cluster
    private final ClusterNode cluster; // null on the embedded node
    private final AppRegistry apps;
    private final AppAdmin appAdmin;
    private final SessionRegistry sessions;
    private final PrometheusMeterRegistry metrics;
    private final Optional<FirstStart.InitialCredentials> initialCredentials;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ThreadPoolExecutor apiExecutor;
    private final EventExecutorGroup messagingExecutors;
    private final MessageWriter writer;
    private final Delivery delivery;
    private final ScheduledExecutorService housekeeping;
    private final ChannelGroup allChannels = new DefaultChannelGroup("parley", GlobalEventExecutor.INSTANCE);
    private final int httpPort;
    private final int tcpPort;
    private final SessionDrain drain;
    private final StorageProbe storageProbe;
    private final HealthRoute health;

    private ParleyServer(ServerConfig config, Map<String, String> env) throws InterruptedException {
        this.config = config;
        Clock clock = Clock.systemUTC();
        ClusterStorage clusterStorage = config.cluster() == null ? null : ClusterStorage.open(config, env);
        AppRepository appRepository;
        RocksMessageStore messages = null;
        if (clusterStorage == null) {
            database = Database.openEmbedded(config.dataDir(), true, config.durability());
            appRepository = openApps(config, database, env);
            messages = openMessages(config, database);
            messageStore = messages;
            DataDirPermissions.tightenCreated(config.dataDir()); // what RocksDB just created under the umask
        } else {
            database = clusterStorage.database();
            appRepository = clusterStorage.apps();
            messageStore = clusterStorage.messages();
        }
        Transport transport = new Transport();
        boss = transport.group(1, "parley-accept");
        workers = transport.group(eventLoops(), "parley-io");
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        cluster = clusterStorage == null ? null : connectCluster(config, transport, clock, clusterStorage);
        UserRepository users = new UserRepository(database);
        sessions = cluster == null ? new SessionRegistry() : new SessionRegistry(cluster.sessionDirectory());
        drain = new SessionDrain(sessions);
        if (config.cluster() != null && config.cluster().drain()) {
            drain.start(Duration.ZERO); // before the ports open: not one session is admitted
        }
        // The engine only: /health answers anyone, and paths or database addresses are no one's business.
        storageProbe = StorageProbe.of(config.cluster() == null ? "SQLite" : "PostgreSQL", database.dataSource());
        health = new HealthRoute(config.cluster() == null ? HealthReport.EMBEDDED_NODE : config.cluster().nodeId(),
                drain::draining, sessions::size);
        health.add(HealthReport.STORAGE, storageProbe);
        apps = new AppRegistry(appRepository, change -> sessions.kickApp(change.appKey(), change.code(), change.detail()));
        appAdmin = new AppAdmin(appRepository, clock, cluster == null ? apps::reload : () -> {
            apps.reload();
            cluster.announceAppChange();
        });
        initialCredentials = clusterStorage != null ? clusterStorage.firstStart(config, appAdmin, clock)
                : FirstStart.runIfEmpty(config.dataDir(), appRepository, new AdminRepository(database), appAdmin, clock);
        Restrictions restrictions = new Restrictions(users, clock);
        TokenService tokens = new TokenService(restrictions, clock);
        ConnectAuthenticator authenticator = new ConnectAuthenticator(apps, tokens, restrictions, clock);

        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        if (messages != null) {
            // The mode the message store was opened with, as a label: what an operator checks.
            Gauge.builder("parley.store.durability", () -> 1).tag("mode", messages.durability().option())
                    .description("when an acknowledged send is on disk: fsync = fsynced per batch, os = left to the OS")
                    .register(metrics);
        }
        checkpointer = cluster == null ? new WalCheckpointer(database, CHECKPOINT_MILLIS, metrics) : null;

        GroupRepository groups = new GroupRepository(database);
        delivery = cluster == null ? new Delivery(sessions) : new Delivery(sessions, cluster.peers());
        // In a cluster other nodes append to the same inboxes: no head is known in memory.
        InboxHeads heads = cluster == null ? new InboxHeads() : InboxHeads.disabled();
        writer = cluster == null
                ? new MessageWriter(messageStore, delivery, heads, metrics, config.commitWindow(),
                        checkpointer::restartIfDue)
                : new MessageWriter(messageStore, delivery, heads, metrics, config.commitWindow(), () -> { },
                        SeqMode.SHARED);
        MessagingService messaging = new MessagingService(messageStore, groups, writer, delivery, heads, clock);
        messagingExecutors = new DefaultEventExecutorGroup(MESSAGING_THREADS, new DefaultThreadFactory("parley-messaging", true));
        GatewaySettings gateway = new GatewaySettings(config.heartbeatInterval(), config.idleTimeout(),
                config.authTimeout(), Protocol.MAX_FRAME_BYTES);
        GatewayMetrics gatewayMetrics = new GatewayMetrics(metrics, sessions);
        ProtocolHandlers protocol = new ProtocolHandlers(gateway, authenticator, sessions, gatewayMetrics,
                new MessagingHandler(messaging, apps, messagingExecutors), clock);

        apiExecutor = new ThreadPoolExecutor(config.apiThreads(), config.apiThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), new DefaultThreadFactory("parley-api", true));
        ApiDispatcher api = new ApiDispatcher(new ApiAuthenticator(apps, clock, config.signatureSkew()), apiExecutor,
                metrics);
        new UserApi(users, tokens, restrictions, cluster == null ? sessions : cluster.sessionControl(sessions), clock)
                .registerOn(api);
        new MessageApi(messaging, messageStore).registerOn(api);
        new GroupApi(groups, clock).registerOn(api);

        try {
            Channel tcp = bind(transport, new TcpGateway(protocol), config.tcpPort());
            tcpPort = ((InetSocketAddress) tcp.localAddress()).getPort();
            GatewayAddresses own = new GatewayAddresses(config.advertiseTcp(), config.advertiseWs(), tcpPort);
            NaviRoute navi = new NaviRoute(authenticator, cluster == null ? own : cluster.navigation(own),
                    config.heartbeatInterval().toMillis(), metrics);
            Map<String, HttpRoute> routes = Map.of(
                    "/health", health,
                    "/metrics", OpsRoutes.metrics(metrics),
                    "/navi.json", navi);
            Channel http = bind(transport, new HttpInitializer(new HttpRouter(routes, api), protocol,
                    HttpLimits.derivedFrom(config.authTimeout(), config.idleTimeout())), config.httpPort());
            httpPort = ((InetSocketAddress) http.localAddress()).getPort();
        } catch (InterruptedException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            shutdownLoops();
            messagingExecutors.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            apiExecutor.shutdownNow();
            writer.close();
            delivery.close();
            if (checkpointer != null) {
                checkpointer.close();
            }
            messageStore.close();
            database.close();
            throw e;
        }
        if (cluster != null) {
            joinCluster(config.cluster(), restrictions, own(config, tcpPort), ownWs(config, httpPort));
        }

        housekeeping = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("parley-housekeeping", true));
        every(REFRESH_MILLIS, REFRESH_MILLIS, () -> {
            apps.reload();
            restrictions.catchUp();
        });
        long sweepMillis = Math.max(100, config.idleTimeout().toMillis() / 4);
        every(sweepMillis, sweepMillis, new IdleSweeper(sessions, config.idleTimeout(), gatewayMetrics));
        // First purge a minute after start, so frequently restarted nodes purge too.
        RetentionPurger purger = new RetentionPurger(appRepository, messageStore, clock);
        every(60_000, PURGE_MINUTES * 60_000, clusterStorage == null ? purger : clusterStorage.onOneNodeAtATime(purger));
        log.info("Parley node up ({}): HTTP on {}:{} (Server API, /navi.json, /ws, /health, /metrics), TCP gateway on {}:{}, data in {}",
                transport.name(), config.bindHost(), httpPort, config.bindHost(), tcpPort, config.dataDir().toAbsolutePath());
    }

    /**
     * Connects to Redis on the node's event loops; on failure stops what was opened so far and
     * throws (one clear line: Redis unreachable).
     */
    private ClusterNode connectCluster(ServerConfig config, Transport transport, Clock clock, ClusterStorage storage) {
        try {
            return ClusterNode.connect(config.cluster(), workers, transport.epoll(), eventLoops(), clock, metrics);
        } catch (RuntimeException e) {
            shutdownLoops();
            storage.close();
            throw e;
        }
    }

    /** Announces this node to the others once its ports are bound, and keeps its record in step with drains. */
    private void joinCluster(ClusterSettings settings, Restrictions restrictions, List<String> tcp, List<String> ws) {
        drain.onChange(cluster::setDraining); // first: a node started with --drain is never advertised as taking connections
        cluster.start(sessions, delivery, restrictions::catchUp, apps::reload, "http://" + settings.advertiseHost() + ":" + httpPort,
                tcp, ws);
        health.add("redis", cluster.health());
    }

    /** The TCP gateways other nodes' navigation names for this one. */
    private static List<String> own(ServerConfig config, int tcpPort) {
        return config.advertiseTcp().isEmpty() ? List.of(config.cluster().advertiseHost() + ":" + tcpPort)
                : config.advertiseTcp();
    }

    private static List<String> ownWs(ServerConfig config, int httpPort) {
        return config.advertiseWs().isEmpty() ? List.of("ws://" + config.cluster().advertiseHost() + ":" + httpPort + "/ws")
                : config.advertiseWs();
    }

    /** The apps, their secrets sealed under the node key; a wrong or missing key stops the start. */
    private static AppRepository openApps(ServerConfig config, Database database, Map<String, String> env) {
        try {
            return SecretsAtRest.open(database, config.dataDir(), env);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The message store in {@code <dataDir>/messages}, holding what an earlier version kept in SQLite. */
    private static RocksMessageStore openMessages(ServerConfig config, Database database) {
        RocksMessageStore store;
        try {
            store = RocksMessageStore.open(config.dataDir().resolve("messages"), config.durability());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            MessageImport.run(new SqlMessageStore(database), store);
            return store;
        } catch (RuntimeException e) {
            store.close();
            database.close();
            throw e;
        }
    }

    /** Runs {@code task} periodically on the housekeeping thread; a failure is logged, not fatal. */
    private void every(long initialDelayMillis, long periodMillis, Runnable task) {
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("housekeeping task failed", e);
            }
        }, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts a node; returns once both ports accept connections. */
    public static ParleyServer start(ServerConfig config) {
        return start(config, System.getenv());
    }

    /**
     * Starts a node with {@code env} in place of the process environment (where the node key,
     * {@code PARLEY_SECRET_KEY} or {@code PARLEY_SECRET_KEY_FILE}, is read: nodes started in one
     * JVM pass their own). Embedded when {@code config.cluster()} is null, else a cluster node on
     * PostgreSQL and Redis, which needs the key.
     */
    public static ParleyServer start(ServerConfig config, Map<String, String> env) {
        try {
            return new ParleyServer(config, env);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private Channel bind(Transport transport, io.netty.channel.ChannelHandler initializer, int port)
            throws InterruptedException {
        io.netty.channel.ChannelFuture bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Past the high mark delivery pushes a session's buffer out before writing more.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .childHandler(new io.netty.channel.ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel c) {
                        allChannels.add(c);
                        c.pipeline().addLast(initializer);
                    }
                })
                .bind(config.bindHost(), port).await();
        if (!bound.isSuccess()) {
            // An operator error (port taken, bad host): one clear line, not a stack trace.
            throw new IllegalArgumentException("cannot listen on " + config.bindHost() + ":" + port + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        Channel ch = bound.channel();
        allChannels.add(ch);
        return ch;
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** Base URL of the HTTP port on loopback, e.g. for the SDK's navigation server. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public AppAdmin appAdmin() {
        return appAdmin;
    }

    public AppRegistry apps() {
        return apps;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** Credentials created by this start, if it was the node's first. */
    public Optional<FirstStart.InitialCredentials> initialCredentials() {
        return initialCredentials;
    }

    public ServerConfig config() {
        return config;
    }

    /** This node's part in its cluster, or empty on the embedded node. */
    public Optional<ClusterNode> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** Default spread of {@link #drain()}: the {@code --drain-seconds} default. */
    public static final Duration DEFAULT_DRAIN_PERIOD = Duration.ofSeconds(5);

    /**
     * Starts draining over {@link #DEFAULT_DRAIN_PERIOD}: new connections are refused with 31006
     * and every live session is sent 31006 (go back to navigation), in small batches spread over
     * the period. A node already draining keeps its drain.
     *
     * @return completes once every session has been told and closed
     */
    public CompletableFuture<Void> drain() {
        return drain.start(DEFAULT_DRAIN_PERIOD);
    }

    /**
     * Drains with the kicks spread over {@code period}, and waits until every session is gone
     * (at most {@code period} and two seconds more). The node stays draining.
     *
     * @return true if no session is left
     */
    public boolean drainAndWait(Duration period) {
        try {
            drain.start(period).get(period.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("drain did not finish within {} ms", period.toMillis() + 2000);
        }
        return sessions.size() == 0;
    }

    /** Ends a drain: the node takes connections again. */
    public void liftDrain() {
        drain.lift();
    }

    public boolean draining() {
        return drain.draining();
    }

    /**
     * Calls {@code listener} now with whether the node is draining, then at every change
     * (the cluster layer marks the node in its registry, so navigation stops naming it).
     */
    public void onDrainChange(Consumer<Boolean> listener) {
        drain.onChange(listener);
    }

    /** Adds (or replaces) a component {@code /health} reports on, e.g. "redis". */
    public void addHealthComponent(String name, ComponentHealth component) {
        health.add(name, component);
    }

    /** What {@code /health} would answer now. */
    public CompletableFuture<HealthReport> health() {
        return health.report();
    }

    /** Stops the node: every connection is closed at once, as in a crash of the network side. */
    @Override
    public void close() {
        drain.close();
        storageProbe.close();
        housekeeping.shutdownNow();
        allChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (cluster != null) {
            cluster.close(); // before the loops its Redis connections run on
        }
        shutdownLoops();
        apiExecutor.shutdownNow();
        messagingExecutors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        try {
            apiExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        delivery.close();
        if (checkpointer != null) {
            checkpointer.close();
        }
        messageStore.close();
        database.close();
        metrics.close();
        log.info("Parley node on HTTP port {} stopped", httpPort);
    }

    private void shutdownLoops() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * One event loop per core, not Netty's two: nothing on the loops blocks (storage, sync and
     * the Server API have threads of their own), and each loop more is one more wake-up, and
     * one more write task, per delivered batch (1:1 messages among 1,000 users on 2 cores: 5-8 %
     * less server CPU per message at 5,000-10,000 msg/s). Netty's own property still overrides.
     */
    static int eventLoops() {
        return Integer.getInteger("io.netty.eventLoopThreads", Runtime.getRuntime().availableProcessors());
    }
}
