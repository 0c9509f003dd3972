package dev.parley.bench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Samples a {@link CpuMeter} at a fixed interval during a phase. Totals hide bursts: a
 * generator averaging 0.8 cores may still have pinned both cores for the seconds that
 * mattered, and the peak shows it.
 */
public final class CpuSampler implements AutoCloseable {
    private final CpuMeter meter;
    private final ScheduledExecutorService timer;
    private final List<CpuUsage> samples = new ArrayList<>();
    private CpuMeter.Reading last;

    private CpuSampler(CpuMeter meter, long intervalMillis) {
        this.meter = meter;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-cpu-sampler");
            t.setDaemon(true);
            return t;
        });
        last = meter.read();
        timer.scheduleAtFixedRate(this::sample, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts sampling now. */
    public static CpuSampler start(CpuMeter meter, long intervalMillis) {
        return new CpuSampler(meter, intervalMillis);
    }

    private synchronized void sample() {
        CpuMeter.Reading now = meter.read();
        samples.add(meter.between(last, now));
        last = now;
    }

    /** Every interval's usage so far, oldest first. */
    public synchronized List<CpuUsage> samples() {
        return List.copyOf(samples);
    }

    public OptionalDouble peakServerCores() {
        return peak(CpuUsage::serverCores);
    }

    public OptionalDouble peakGeneratorCores() {
        return peak(CpuUsage::generatorCores);
    }

    public OptionalDouble peakMachineCores() {
        return peak(CpuUsage::machineCores);
    }

    private OptionalDouble peak(Function<CpuUsage, OptionalDouble> which) {
        return samples().stream().map(which).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
