package dev.parley.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A generator in a child JVM ({@link GeneratorMain}), driven over {@link GeneratorProtocol}.
 * Each child has its own file-descriptor limit, which is what lets one machine hold more
 * connections than one process may have open files.
 */
public final class ChildGenerator implements Generator {
    private static final long READY_TIMEOUT_SECONDS = 120;
    private static final long CLOSE_TIMEOUT_MINUTES = 10;

    private final Process process;
    private final Writer commands;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<ConnectResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    private final Queue<CompletableFuture<Integer>> statusRequests = new ConcurrentLinkedQueue<>();
    private volatile int connected;
    private volatile int failed;

    private ChildGenerator(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "bench-generator-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child running {@code plan} and waits until its engines exist.
     *
     * @param planFile where to put the plan for the child to read
     */
    public static ChildGenerator start(ConnectPlan plan, List<String> jvmOptions, Path planFile)
            throws IOException, InterruptedException {
        Files.writeString(planFile, GeneratorProtocol.writePlan(plan));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GeneratorMain.class.getName(),
                planFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildGenerator child = new ChildGenerator(p);
        try {
            child.ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return child;
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("generator process did not start: " + e.getMessage(), e);
        }
    }

    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(GeneratorProtocol.PREFIX)) {
                    onAnswer(line.substring(GeneratorProtocol.PREFIX.length()));
                }
            }
        } catch (IOException e) {
            // the child is gone; the futures below say so
        }
        IllegalStateException gone = new IllegalStateException("generator process " + process.pid() + " exited");
        ready.completeExceptionally(gone);
        result.completeExceptionally(gone);
        statusRequests.forEach(f -> f.completeExceptionally(gone));
        exited.complete(null);
    }

    private void onAnswer(String answer) {
        String[] words = answer.split(" ", 2);
        switch (words[0]) {
            case GeneratorProtocol.READY -> ready.complete(null);
            case GeneratorProtocol.PROGRESS -> {
                String[] counts = words[1].split(" ");
                connected = Integer.parseInt(counts[0]);
                failed = Integer.parseInt(counts[1]);
            }
            case GeneratorProtocol.RESULT -> {
                ConnectResult r = GeneratorProtocol.decode(words[1]);
                connected = r.connected();
                failed = r.failed();
                result.complete(r);
            }
            case GeneratorProtocol.CONNECTED -> {
                CompletableFuture<Integer> request = statusRequests.poll();
                if (request != null) {
                    request.complete(Integer.parseInt(words[1].trim()));
                }
            }
            default -> {
                // CLOSED and anything newer: nothing to do
            }
        }
    }

    private void send(String command) {
        try {
            synchronized (commands) {
                commands.write(command + "\n");
                commands.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("generator process " + process.pid() + " is gone", e);
        }
    }

    @Override
    public CompletableFuture<ConnectResult> connectAll() {
        send(GeneratorProtocol.GO);
        return result;
    }

    @Override
    public int connectedSoFar() {
        return connected;
    }

    @Override
    public int failedSoFar() {
        return failed;
    }

    @Override
    public CompletableFuture<Integer> connectedNow() {
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        statusRequests.add(answer);
        send(GeneratorProtocol.STATUS);
        return answer;
    }

    @Override
    public List<Long> pids() {
        return process.isAlive() ? List.of(process.pid()) : List.of();
    }

    @Override
    public void close() {
        try {
            send(GeneratorProtocol.CLOSE);
            exited.get(CLOSE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (UncheckedIOException | ExecutionException | TimeoutException e) {
            // already gone, or hanging: force it below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
