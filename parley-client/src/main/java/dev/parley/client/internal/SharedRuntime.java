package dev.parley.client.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads and clients shared by every engine in the JVM, so an engine costs a few objects
 * rather than threads: one NIO event loop group, one pool running engine state machines, one
 * pool running app callbacks (kept apart so a slow app callback cannot stall connection
 * handling), one timer thread and one HTTP client. All threads are daemons and idle pool
 * threads time out, so nothing needs shutting down.
 *
 * <p>Sizes can be overridden with system properties {@code parley.client.ioThreads},
 * {@code parley.client.engineThreads} and {@code parley.client.callbackThreads}.
 */
final class SharedRuntime {
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    private SharedRuntime() {
    }

    // Holder idiom: nothing starts until the first engine needs it.
    private static final class Holder {
        static final EventLoopGroup IO = new MultiThreadIoEventLoopGroup(
                size("parley.client.ioThreads", Math.min(CPUS, 4)),
                new DefaultThreadFactory("parley-io", true), NioIoHandler.newFactory());
        static final Executor ENGINE = pool("parley-engine", size("parley.client.engineThreads", Math.min(Math.max(CPUS, 2), 8)));
        static final Executor CALLBACK = pool("parley-callback", size("parley.client.callbackThreads", Math.min(Math.max(CPUS, 2), 8)));
        static final ScheduledExecutorService TIMER = newTimer();
        static final HttpClient HTTP = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                // Its default executor is an unbounded cached pool; thousands of engines
                // navigating at once must not mean thousands of threads.
                .executor(ENGINE)
                .build();
    }

    /** NIO event loops for gateway sockets. Never block them. */
    static EventLoopGroup ioGroup() {
        return Holder.IO;
    }

    /** Runs engine state machines (through a per-engine {@link SerialExecutor}). */
    static Executor enginePool() {
        return Holder.ENGINE;
    }

    /** Runs app callbacks and listeners (through a per-engine {@link SerialExecutor}). */
    static Executor callbackPool() {
        return Holder.CALLBACK;
    }

    /** Fires timers; tasks scheduled here must only hand work to an executor. */
    static ScheduledExecutorService timer() {
        return Holder.TIMER;
    }

    /** Shared asynchronous HTTP client for navigation. */
    static HttpClient http() {
        return Holder.HTTP;
    }

    private static int size(String property, int fallback) {
        return Math.max(1, Integer.getInteger(property, fallback));
    }

    private static ThreadPoolExecutor pool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads("parley-timer"));
        // Heartbeat and retry timers are cancelled far more often than they fire.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
