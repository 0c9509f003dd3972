package dev.parley.bench.load;

import dev.parley.bench.measure.CpuSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * All generators of a run, driven as one: splits the plan's engines and its in-flight budget
 * between them, starts them together and adds up their results. Wall time runs from the
 * moment all are told to go until the last one has an outcome for every engine.
 */
public final class GeneratorGroup implements AutoCloseable {
    private static final long PROGRESS_INTERVAL_MILLIS = 2000;

    private final List<Generator> generators;
    private final GeneratorLayout layout;

    private GeneratorGroup(List<Generator> generators, GeneratorLayout layout) {
        this.generators = generators;
        this.layout = layout;
    }

    /**
     * Creates the generators and their engines; nothing connects yet.
     *
     * @param workDir where plan files for child generators go
     */
    public static GeneratorGroup start(ConnectPlan plan, GeneratorLayout layout, List<String> childJvmOptions,
                                       Path workDir) throws IOException, InterruptedException {
        if (layout.inThisJvm()) {
            return new GeneratorGroup(List.of(new LocalGenerator(plan)), layout);
        }
        List<Generator> started = new ArrayList<>();
        try {
            int n = layout.processes();
            int engines = plan.tokens().size();
            for (int g = 0; g < n; g++) {
                int from = (int) ((long) engines * g / n);
                int to = (int) ((long) engines * (g + 1) / n);
                int inFlight = Math.max(1, plan.inFlight() / n + (g < plan.inFlight() % n ? 1 : 0));
                started.add(ChildGenerator.start(plan.slice(from, to, inFlight), childJvmOptions,
                        workDir.resolve("generator-" + g + ".json")));
            }
            return new GeneratorGroup(started, layout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.forEach(Generator::close);
            throw e;
        }
    }

    /** Connects every engine of every generator; progress lines go to {@code progress}. */
    public ConnectResult connectAll(String phase, PrintStream progress) throws InterruptedException {
        long start = System.nanoTime();
        List<CompletableFuture<ConnectResult>> results = generators.stream().map(Generator::connectAll).toList();
        CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
        while (true) {
            try {
                all.get(PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                progress.printf("%s: %,d connected, %,d failed%n", phase, connectedSoFar(), failedSoFar());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a generator failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        long wall = System.nanoTime() - start;
        return ConnectResult.merge(results.stream().map(CompletableFuture::join).toList(), wall);
    }

    public int connectedSoFar() {
        return generators.stream().mapToInt(Generator::connectedSoFar).sum();
    }

    public int failedSoFar() {
        return generators.stream().mapToInt(Generator::failedSoFar).sum();
    }

    /** Engines CONNECTED right now, across all generators. */
    public int connectedNow() {
        return generators.stream().map(Generator::connectedNow).toList().stream()
                .mapToInt(CompletableFuture::join).sum();
    }

    /** The CPU time of every generator process. */
    public CpuSource cpu() {
        return CpuSource.ofProcesses(this::pids);
    }

    /** The generator processes alive now (the bench's own for a generator in this JVM). */
    public List<Long> pids() {
        return generators.stream().flatMap(g -> g.pids().stream()).distinct().toList();
    }

    public GeneratorLayout layout() {
        return layout;
    }

    /** Closes all generators at once: each signs its engines out. */
    @Override
    public void close() {
        // A thread each: closing blocks, and the common pool may have a single thread on a small box.
        List<Thread> closers = generators.stream().map(g -> new Thread(g::close, "bench-generator-close")).toList();
        closers.forEach(Thread::start);
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
