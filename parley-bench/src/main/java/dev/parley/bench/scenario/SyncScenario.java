package dev.parley.bench.scenario;

import dev.parley.bench.load.EngineFleet;
import dev.parley.bench.load.Pacer;
import dev.parley.bench.measure.CpuSampler;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Table;
import dev.parley.bench.report.Target;
import dev.parley.client.ConnectCallback;
import dev.parley.client.ConnectionStatus;
import dev.parley.client.ConversationType;
import dev.parley.client.ImEngine;
import dev.parley.client.SendMessageCallback;
import dev.parley.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sync}: a receiver connects once (so its local database exists) and signs out; while
 * it is offline, {@code senders} online users send it {@code messages} 1:1 messages (all
 * acknowledged, hence durable); then it connects again. Measures the time from that
 * {@code connect()} call to {@code onOfflineMessageSyncCompleted}, and messages per second
 * of the catch-up, with server and generator CPU. Every message must arrive, once. Repeated
 * {@code rounds} times: a fresh node has never compiled the sync path, so the first round
 * mostly measures the JIT; the figures are the last round's.
 */
public final class SyncScenario implements Scenario {
    static final Target MESSAGES_PER_SECOND = Target.atLeast(20_000);

    private final int messages;
    private final int senders;
    private final int fillRate;
    private final int timeoutSeconds;
    private final int rounds;

    public SyncScenario(int messages, int senders, int fillRate, int timeoutSeconds, int rounds) {
        if (messages < 1 || senders < 1 || fillRate < 1 || timeoutSeconds < 1 || rounds < 1) {
            throw new IllegalArgumentException("messages, senders, fill rate, timeout and rounds must be positive");
        }
        this.rounds = rounds;
        this.messages = messages;
        this.senders = senders;
        this.fillRate = fillRate;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public Report run(ScenarioContext ctx) throws Exception {
        Report report = ctx.newReport(name())
                .setup("messages waiting", messages)
                .setup("senders (online while the receiver is not)", senders)
                .setup("fill rate", fillRate + " messages/s offered, untimed")
                .setup("rounds", rounds + " (fill, then catch up; the figures are the last round's, the earlier "
                        + "rounds warm both JVMs up)")
                .setup("receiver", "a returning device (local database exists), signed out while the messages "
                        + "arrive, then connect()")
                .setup("message", "RC:TxtMsg, persisted, ~60 bytes of content")
                .setup("generators", "this JVM");
        List<String> tokens = ctx.fetchTokens(senders + 1);
        ctx.liftSendRateLimit(report);
        try (EngineFleet receiverFleet = ctx.localFleet(tokens.subList(0, 1), 0, 1);
             EngineFleet senderFleet = ctx.localFleet(tokens.subList(1, tokens.size()), 1, senders)) {
            ImEngine receiver = receiverFleet.engines().get(0);
            ctx.connectAllOrFail(receiverFleet, "receiver, first connect");
            ctx.connectAllOrFail(senderFleet, "senders");
            List<List<String>> rows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                boolean last = round == rounds;
                Round r = round(ctx, report, receiver, senderFleet.engines(), tokens.get(0), last);
                rows.add(List.of(Integer.toString(round), String.format(Locale.ROOT, "%,.0f", r.fillRate),
                        String.format(Locale.ROOT, "%,.0f", r.seconds * 1000),
                        String.format(Locale.ROOT, "%,.0f", r.seconds > 0 ? r.offline / r.seconds : 0),
                        Integer.toString(r.offline), Long.toString(r.tracker.missing()),
                        Long.toString(r.tracker.duplicates()), SteppedRun.cores(r.serverCores)));
                if (last) {
                    addFigures(report, r);
                }
            }
            report.table(new Table("Rounds (catch-up: connect() to onOfflineMessageSyncCompleted)", List.of("round",
                    "fill msg/s", "catch-up ms", "msg/s", "received offline", "lost", "duplicated", "server cores"),
                    rows));
            ctx.progress().println("Disconnecting ...");
            return report;
        }
    }

    private record Round(double fillRate, double seconds, double connectMs, boolean completed, int offline, int live,
                         DeliveryTracker tracker, OptionalDouble serverCores) {
    }

    private Round round(ScenarioContext ctx, Report report, ImEngine receiver, List<ImEngine> engines, String token,
                        boolean last) throws InterruptedException {
        DeliveryTracker tracker = new DeliveryTracker(messages, 1, 1, 1);
        AtomicInteger offline = new AtomicInteger();
        AtomicInteger live = new AtomicInteger();
        receiver.setOnMessageReceivedListener((message, left, isOffline, hasPackage) -> { });
        receiver.setOnOfflineMessageSyncCompletedListener(() -> { });
        receiver.disconnect(false);
        BenchMessages.await(() -> receiver.getConnectionStatus() != ConnectionStatus.CONNECTED, 10_000);

        ctx.progress().printf("Filling the receiver's inbox with %,d messages ...%n", messages);
        SendMessageCallback ack = BenchMessages.ackTo(tracker);
        String target = ctx.userId(0);
        long fillStart = System.nanoTime();
        Pacer.Result fill = Pacer.run(fillRate, TimeUnit.SECONDS.toNanos(timeoutSeconds), 5000,
                tracker::outstanding, () -> {
                    long id = tracker.reserve(0);
                    if (id < 0) {
                        return false;
                    }
                    BenchMessages.send(tracker, ack, engines.get(ThreadLocalRandom.current().nextInt(senders)),
                            ConversationType.PRIVATE, target, id);
                    return true;
                });
        BenchMessages.await(() -> tracker.outstanding() == 0, timeoutSeconds * 1000L);
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        ctx.progress().printf("  %,d sent, %,d acknowledged in %.1f s%n", fill.started(), tracker.acked(), fillSeconds);

        CountDownLatch synced = new CountDownLatch(1);
        AtomicLong connectedAt = new AtomicLong();
        AtomicLong syncedAt = new AtomicLong();
        receiver.setOnMessageReceivedListener((message, left, isOffline, hasPackage) -> {
            long now = System.nanoTime();
            (isOffline ? offline : live).incrementAndGet();
            tracker.onReceived(0, DeliveryTracker.idFromContent(message.getContent()), now);
        });
        receiver.setOnOfflineMessageSyncCompletedListener(() -> {
            syncedAt.compareAndSet(0, System.nanoTime());
            synced.countDown();
        });
        PhaseMeter meter = ctx.phaseMeterThisJvm();
        Map<String, Double> seriesBefore = last ? meter.nodeMetrics().parleySeries() : Map.of();
        ctx.progress().println("Receiver connects and catches up ...");
        if (last) {
            ctx.startServerRecording();
        }
        PhaseMeter.Mark start = meter.start();
        long t0;
        boolean completed;
        PhaseMeter.Usage usage;
        try (CpuSampler sampler = CpuSampler.start(meter.cpuMeter(), 500)) {
            t0 = System.nanoTime();
            int rc = receiver.connect(token, 30, new ConnectCallback() {
                @Override
                public void onDatabaseOpened(int code) {
                }

                @Override
                public void onConnected(int code, String userId) {
                    if (code == ErrorCode.SUCCESS) {
                        connectedAt.set(System.nanoTime());
                    }
                }
            });
            if (rc != ErrorCode.SUCCESS) {
                throw new IllegalStateException("the receiver's connect was refused: " + rc);
            }
            completed = synced.await(timeoutSeconds, TimeUnit.SECONDS);
            usage = meter.stop(start);
            if (last) {
                PhaseFigures.add(report, "sync", usage, sampler, 0);
            }
        }
        long end = completed ? syncedAt.get() : System.nanoTime();
        // Deliveries after the sync completed would be live ones; give stragglers a moment to show up as duplicates.
        BenchMessages.await(() -> false, 300);
        if (last) {
            ctx.stopServerRecording();
            BenchMessages.addNodeSeries(report, "sync", seriesBefore, meter.nodeMetrics().parleySeries());
        }
        double seconds = (end - t0) / 1e9;
        ctx.progress().printf("  caught up %,d messages in %,.0f ms%n", offline.get(), seconds * 1000);
        return new Round(tracker.acked() / fillSeconds, seconds,
                connectedAt.get() > 0 ? (connectedAt.get() - t0) / 1e6 : Double.NaN, completed, offline.get(),
                live.get(), tracker, usage.cpu().serverCores());
    }

    private void addFigures(Report report, Round r) {
        report.figure("fill_messages_per_second", "Fill: acknowledged messages/s (1:1 sends to one offline user)",
                r.fillRate, "msg/s");
        report.figure("sync_completed", "onOfflineMessageSyncCompleted fired", r.completed ? 1 : 0, "");
        report.figure("sync_ms", "connect() to onOfflineMessageSyncCompleted", r.seconds * 1000, "ms");
        if (!Double.isNaN(r.connectMs)) {
            report.figure("sync_connect_ms", "of which connect() to onConnected", r.connectMs, "ms");
        }
        report.figure("sync_messages_per_second", "Catch-up messages/s (received offline ÷ connect() to sync completed)",
                r.seconds > 0 ? r.offline / r.seconds : 0, "msg/s", MESSAGES_PER_SECOND);
        report.figure("sync_received_offline", "Messages received as offline", r.offline, "");
        report.figure("sync_received_live", "Messages received as live", r.live, "");
        BenchMessages.addTotals(report, r.tracker, 0);
        if (!r.completed) {
            report.note("onOfflineMessageSyncCompleted did not fire within " + timeoutSeconds + " s.");
        }
    }
}
