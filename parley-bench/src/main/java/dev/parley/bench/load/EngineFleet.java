package dev.parley.bench.load;

import dev.parley.bench.measure.JvmGc;
import dev.parley.bench.measure.LatencyRecorder;
import dev.parley.client.ConnectCallback;
import dev.parley.client.ConnectionStatus;
import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.protocol.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Real SDK engines in this JVM, one per token of a {@link ConnectPlan}. Connects them with a
 * bounded number in flight, timing each from {@code connect()} to {@code onConnected}
 * (navigation + socket + Connect/ConnectAck, plus opening the local database the SDK does
 * first), then holds the connections (the SDK keeps them alive with heartbeats) until closed.
 */
public final class EngineFleet implements AutoCloseable {
    // How long after an engine's own connect timeout its callback may still be waited for.
    private static final long CALLBACK_SLACK_SECONDS = 30;
    private static final int CLOSE_THREADS = 8;

    private final ConnectPlan plan;
    private final List<ImEngine> engines;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    private EngineFleet(ConnectPlan plan, List<ImEngine> engines) {
        this.plan = plan;
        this.engines = engines;
    }

    /** Creates one engine per token of the plan; nothing touches the network yet. */
    public static EngineFleet create(ConnectPlan plan) {
        return create(plan, i -> plan.naviUrl());
    }

    /**
     * The same, engine {@code i} of the plan (0-based within it) navigating at
     * {@code naviUrlOf(i)}: placing engines on chosen nodes of a cluster.
     */
    public static EngineFleet create(ConnectPlan plan, IntFunction<String> naviUrlOf) {
        SourceAddresses sources = new SourceAddresses(plan.sourceAddresses());
        Path dataDir = Path.of(plan.clientDataDir());
        List<ImEngine> engines = new ArrayList<>(plan.tokens().size());
        for (int i = 0; i < plan.tokens().size(); i++) {
            int index = plan.firstIndex() + i;
            engines.add(ImEngine.create(EngineOptions.builder()
                    .appKey(plan.appKey())
                    .naviServer(naviUrlOf.apply(i))
                    .dataDir(dataDir)
                    .platform(Platform.DESKTOP)
                    // explicit ids: no device-id file, and no engine kicks another of the run
                    .deviceId("bench-device-" + index)
                    .localAddress(sources.forEngine(index))
                    .build()));
        }
        return new EngineFleet(plan, engines);
    }

    /** Connects every engine, at most {@code inFlight} at a time; returns when each has an outcome. */
    public ConnectResult connectAll() throws InterruptedException {
        Semaphore inFlight = new Semaphore(plan.inFlight());
        LatencyRecorder latency = new LatencyRecorder();
        Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
        CountDownLatch outcomes = new CountDownLatch(engines.size());
        long gcBefore = JvmGc.collectionMillis();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(plan.timeLimitMillis());
        int attempted = 0;
        for (int i = 0; i < engines.size(); i++) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            long calledAt = System.nanoTime();
            int rc = engines.get(i).connect(plan.tokens().get(i), plan.connectTimeoutSeconds(), new ConnectCallback() {
                @Override
                public void onDatabaseOpened(int code) {
                }

                @Override
                public void onConnected(int code, String userId) {
                    if (code == ErrorCode.SUCCESS) {
                        latency.recordNanos(System.nanoTime() - calledAt);
                        connected.incrementAndGet();
                    } else {
                        fail(failures, code);
                    }
                    inFlight.release();
                    outcomes.countDown();
                }
            });
            attempted++;
            if (rc != ErrorCode.SUCCESS) {
                fail(failures, rc);
                inFlight.release();
                outcomes.countDown();
            }
        }
        for (int i = attempted; i < engines.size(); i++) {
            fail(failures, ConnectResult.NOT_STARTED);
            outcomes.countDown();
        }
        if (!outcomes.await(plan.connectTimeoutSeconds() + CALLBACK_SLACK_SECONDS, TimeUnit.SECONDS)) {
            for (long i = outcomes.getCount(); i > 0; i--) {
                fail(failures, ConnectResult.NO_ANSWER);
            }
        }
        long elapsed = System.nanoTime() - start;
        Map<Integer, Integer> byCode = new TreeMap<>();
        failures.forEach((code, n) -> byCode.put(code, n.get()));
        return new ConnectResult(attempted, connected.get(), byCode, elapsed, latency.histogram(),
                JvmGc.collectionMillis() - gcBefore);
    }

    private void fail(Map<Integer, AtomicInteger> failures, int code) {
        failures.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        failed.incrementAndGet();
    }

    /** The engines, in token order: messaging scenarios drive them directly. */
    public List<ImEngine> engines() {
        return engines;
    }

    /** Engines connected so far by {@link #connectAll()}. */
    public int connectedSoFar() {
        return connected.get();
    }

    /** Engines refused or timed out so far. */
    public int failedSoFar() {
        return failed.get();
    }

    /** Engines whose status is CONNECTED right now: after a hold, shows whether connections survived. */
    public int connectedNow() {
        return (int) engines.stream().filter(e -> e.getConnectionStatus() == ConnectionStatus.CONNECTED).count();
    }

    /** Signs every engine out and closes its local database, several at a time. */
    @Override
    public void close() {
        ExecutorService pool = Executors.newFixedThreadPool(CLOSE_THREADS, r -> {
            Thread t = new Thread(r, "bench-engine-close");
            t.setDaemon(true);
            return t;
        });
        engines.forEach(e -> pool.execute(e::destroy));
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
