package dev.parley.bench.scenario;

import dev.parley.bench.measure.CpuSampler;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.report.Report;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The measured part shared by the message scenarios: connect one client per user (an SDK
 * engine or a raw protocol session, see {@link MessageGenerator}), offer the
 * stepped rates with a scenario-specific sender, wait out the grace period for the last
 * deliveries, and record the phase's CPU and the node's series.
 */
final class MessageLoadPhase {
    private MessageLoadPhase() {
    }

    /** Sends message {@code id} from a client the scenario picks. */
    interface Sender {
        void send(MessageClients clients, long id);
    }

    /** The stepped run, its steps, and how long the grace period waited. */
    record Outcome(SteppedRun run, List<SteppedRun.Step> steps, long graceWaited) {
    }

    /** How the phase is shaped: deliveries per message, the limit on unanswered sends, the settle time per step. */
    record Shape(int deliveriesPerMessage, long maxOutstanding, long settleMillis) {
    }

    static Outcome run(ScenarioContext ctx, Report report, String name, MessageGenerator generator,
                       List<String> tokens, int inFlight, DeliveryTracker tracker, Shape shape, List<Integer> rates,
                       int stepSeconds, int warmupSeconds, int graceSeconds, ClientPlacement placement, Sender sender)
            throws Exception {
        try (MessageClients clients = generator.open(ctx, tokens, inFlight, tracker, placement)) {
            clients.connectAll(name);
            placement.engineNavigated();
            List<OptionalDouble> sessionsPerNode = ctx.sessionsPerNode();
            if (placement.cluster()) {
                ctx.progress().printf("%s: sessions per node %s%n", name, sessionsPerNode.stream()
                        .map(s -> s.isPresent() ? String.format(java.util.Locale.ROOT, "%.0f", s.getAsDouble()) : "?")
                        .toList());
            }
            PhaseMeter meter = ctx.phaseMeterThisJvm();
            SteppedRun run = new SteppedRun(tracker, meter, ctx.progress(), shape.deliveriesPerMessage(),
                    shape.maxOutstanding(), shape.settleMillis());
            Map<String, Double> seriesBefore = meter.nodeMetrics().parleySeries();
            ctx.startServerRecording();
            PhaseMeter.Mark start = meter.start();
            List<SteppedRun.Step> steps;
            long graceWaited;
            try (CpuSampler sampler = CpuSampler.start(meter.cpuMeter(), 1000)) {
                steps = run.run(rates, stepSeconds, warmupSeconds, step -> {
                    long id = tracker.reserve(step);
                    if (id < 0) {
                        return false;
                    }
                    sender.send(clients, id);
                    return true;
                });
                ctx.progress().printf("Grace period: waiting up to %d s for the last deliveries ...%n", graceSeconds);
                graceWaited = BenchMessages.await(() -> tracker.outstanding() == 0
                        && tracker.received() >= tracker.expectedDeliveries(), graceSeconds * 1000L);
                PhaseFigures.add(report, name, meter.stop(start), sampler, 0);
            }
            ctx.stopServerRecording();
            BenchMessages.addNodeSeries(report, name, seriesBefore, meter.nodeMetrics().parleySeries());
            clients.addFigures(report);
            placement.addFigures(report, sessionsPerNode);
            ctx.progress().println("Disconnecting ...");
            return new Outcome(run, steps, graceWaited);
        }
    }
}
