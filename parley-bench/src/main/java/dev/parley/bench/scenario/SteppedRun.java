package dev.parley.bench.scenario;

import dev.parley.bench.load.Pacer;
import dev.parley.bench.measure.CpuUsage;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.bench.measure.LatencySummary;
import dev.parley.bench.measure.PhaseMeter;
import dev.parley.bench.report.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Sends at stepped offered rates, each step for a fixed time through a {@link Pacer}, and
 * measures each step: achieved send rate, deliveries per second while the step ran, server and
 * generator CPU, and, once the run is over, latency, lost and duplicated deliveries of the
 * messages sent in it. Between steps it lets the deliveries catch up (untimed, at most
 * {@code settleMillis}); it stops early once a step shows the system cannot keep up, since
 * higher rates would only queue more.
 */
final class SteppedRun {
    /** A step is not kept up with if fewer of its deliveries than this arrived by the end of settling. */
    private static final double KEPT_UP = 0.99;
    /** ... or if the generator offered less than this share of the rate. */
    private static final double OFFERED = 0.9;
    private static final double P99_GIVE_UP_MS = 2000;

    /** One step's measurements; latency, loss and duplicates are read from the tracker afterwards. */
    record Step(int index, String label, double offeredPerSecond, Pacer.Result sent, long deliveredInWindow,
                double windowSeconds, PhaseMeter.Usage usage, boolean warmup) {
        double deliveredPerSecond() {
            return windowSeconds > 0 ? deliveredInWindow / windowSeconds : 0;
        }

        /** Server CPU per delivery during the step's window, in µs; empty if the server's CPU is unknown. */
        OptionalDouble serverMicrosPerDelivery() {
            return usage.cpu().server().isPresent() && deliveredInWindow > 0
                    ? OptionalDouble.of(usage.cpu().server().get().totalNanos() / 1e3 / deliveredInWindow)
                    : OptionalDouble.empty();
        }
    }

    private final DeliveryTracker tracker;
    private final PhaseMeter meter;
    private final PrintStream progress;
    private final int deliveriesPerMessage;
    private final long maxOutstanding;
    private final long settleMillis;
    private String stoppedBecause = "";

    SteppedRun(DeliveryTracker tracker, PhaseMeter meter, PrintStream progress, int deliveriesPerMessage,
               long maxOutstanding, long settleMillis) {
        this.tracker = tracker;
        this.meter = meter;
        this.progress = progress;
        this.deliveriesPerMessage = deliveriesPerMessage;
        this.maxOutstanding = maxOutstanding;
        this.settleMillis = settleMillis;
    }

    /** Why the run stopped before its last step, or empty. */
    String stoppedBecause() {
        return stoppedBecause;
    }

    /**
     * @param warmupSeconds a first, unreported step at the first rate (0 = none)
     * @param send          sends one message in the step given; false when capacity is used up
     */
    List<Step> run(List<Integer> rates, int stepSeconds, int warmupSeconds, StepSender send) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        int index = 0;
        if (warmupSeconds > 0) {
            steps.add(step(index++, "warm-up", rates.get(0), warmupSeconds, true, send));
        }
        for (int rate : rates) {
            Step s = step(index++, String.format(Locale.ROOT, "%,d/s", rate), rate, stepSeconds, false, send);
            steps.add(s);
            String why = whyStop(s);
            if (!why.isEmpty() && rate != rates.get(rates.size() - 1)) {
                stoppedBecause = String.format(Locale.ROOT, "Stopped after the %s step: %s; higher rates were not "
                        + "tried.", s.label(), why);
                progress.println(stoppedBecause);
                break;
            }
        }
        return steps;
    }

    @FunctionalInterface
    interface StepSender {
        boolean send(int step);
    }

    private Step step(int index, String label, double rate, int seconds, boolean warmup, StepSender send)
            throws InterruptedException {
        progress.printf("Step %s: offering %,.0f messages/s for %d s ...%n", label, rate, seconds);
        long receivedBefore = tracker.received();
        PhaseMeter.Mark mark = meter.start();
        Pacer.Result sent = Pacer.run(rate, seconds * 1_000_000_000L, maxOutstanding, tracker::outstanding,
                () -> send.send(index));
        long delivered = tracker.received() - receivedBefore;
        PhaseMeter.Usage usage = meter.stop(mark);
        Step s = new Step(index, label, rate, sent, delivered, usage.cpu().wallSeconds(), usage, warmup);
        long waited = BenchMessages.await(() -> tracker.outstanding() == 0
                && tracker.received() >= tracker.expectedDeliveries(), settleMillis);
        progress.printf("  sent %,d (%,.0f/s), delivered %,.0f/s in the step; settled in %,d ms; %s%n",
                sent.started(), sent.ratePerSecond(), s.deliveredPerSecond(), waited,
                cpuLine(usage.cpu()));
        return s;
    }

    private String whyStop(Step s) {
        long expected = (long) (s.sent().started() * (double) deliveriesPerMessage);
        long got = tracker.deliveredOf(s.index());
        if (s.sent().ratePerSecond() < OFFERED * s.offeredPerSecond()) {
            return String.format(Locale.ROOT, "the generator sent only %,.0f of %,.0f messages/s%s",
                    s.sent().ratePerSecond(), s.offeredPerSecond(), s.sent().throttledNanos() > 0
                            ? " (held back by unanswered sends)" : "");
        }
        if (got < KEPT_UP * expected) {
            return String.format(Locale.ROOT, "only %,d of its %,d deliveries arrived within %,d ms after it", got,
                    expected, settleMillis);
        }
        double p99 = LatencySummary.of(tracker.latencyMicros(s.index())).p99Ms();
        if (p99 > P99_GIVE_UP_MS) {
            return String.format(Locale.ROOT, "p99 latency %,.0f ms", p99);
        }
        return "";
    }

    private static String cpuLine(CpuUsage cpu) {
        return String.format(Locale.ROOT, "CPU cores: server %s, generator %s, machine %s",
                cores(cpu.serverCores()), cores(cpu.generatorCores()), cores(cpu.machineCores()));
    }

    static String cores(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : "?";
    }

    /** One row per step: offered and achieved rate, deliveries/s, latency, loss, CPU. */
    Table table(String title, List<Step> steps, String unit) {
        List<List<String>> rows = new ArrayList<>();
        for (Step s : steps) {
            LatencySummary l = LatencySummary.of(tracker.latencyMicros(s.index()));
            rows.add(List.of(s.label(),
                    String.format(Locale.ROOT, "%,.0f", s.sent().ratePerSecond()),
                    String.format(Locale.ROOT, "%,.0f", s.deliveredPerSecond()),
                    BenchMessages.ms(l.p50Ms()), BenchMessages.ms(l.p99Ms()), BenchMessages.ms(l.p999Ms()),
                    BenchMessages.ms(l.maxMs()),
                    String.format(Locale.ROOT, "%,d", tracker.missing(s.index())),
                    cores(s.usage().cpu().serverCores()), cores(s.usage().cpu().generatorCores()),
                    cores(s.usage().cpu().machineCores()),
                    s.serverMicrosPerDelivery().isPresent()
                            ? String.format(Locale.ROOT, "%.1f", s.serverMicrosPerDelivery().getAsDouble()) : "?"));
        }
        return new Table(title, List.of("offered", "sent/s", unit + "/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                "lost", "server cores", "generator cores", "machine cores", "server µs/" + unit), rows);
    }
}
