package dev.parley.bench.load;

import dev.parley.bench.BenchLogging;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of a child generator process: {@code java -cp <bench> dev.parley.bench.load.GeneratorMain PLAN.json}.
 * Creates the plan's engines, then follows {@link GeneratorProtocol} on stdin/stdout. Exits
 * when stdin closes, so a coordinator that dies does not leave connections behind.
 */
public final class GeneratorMain {
    private static final PrintStream OUT = System.out;

    private GeneratorMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchLogging.init();
        if (args.length != 1) {
            System.err.println("usage: GeneratorMain PLAN.json");
            System.exit(2);
        }
        ConnectPlan plan = GeneratorProtocol.readPlan(Files.readString(Path.of(args[0])));
        EngineFleet fleet = EngineFleet.create(plan);
        say(GeneratorProtocol.READY);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case GeneratorProtocol.GO -> startConnecting(fleet);
                case GeneratorProtocol.STATUS -> say(GeneratorProtocol.CONNECTED + " " + fleet.connectedNow());
                case GeneratorProtocol.CLOSE -> {
                    closeAndExit(fleet);
                    return;
                }
                default -> System.err.println("generator: unknown command " + line);
            }
        }
        closeAndExit(fleet);
    }

    private static void startConnecting(EngineFleet fleet) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> say(GeneratorProtocol.PROGRESS + " " + fleet.connectedSoFar() + " "
                + fleet.failedSoFar()), 1, 1, TimeUnit.SECONDS);
        Thread connector = new Thread(() -> {
            try {
                ConnectResult result = fleet.connectAll();
                say(GeneratorProtocol.RESULT + " " + GeneratorProtocol.encode(result));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ticker.shutdownNow();
            }
        }, "bench-connector");
        connector.setDaemon(true);
        connector.start();
    }

    private static void closeAndExit(EngineFleet fleet) {
        fleet.close();
        say(GeneratorProtocol.CLOSED);
        System.exit(0);
    }

    private static void say(String message) {
        synchronized (OUT) {
            OUT.println(GeneratorProtocol.PREFIX + message);
            OUT.flush();
        }
    }
}
