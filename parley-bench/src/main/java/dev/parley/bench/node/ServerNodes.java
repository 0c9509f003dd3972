package dev.parley.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts and stops {@code java -jar parley-server-*-all.jar serve} processes: one for
 * {@link ServerProcessNode}, several for a cluster. A process counts as started once it
 * prints that it is up, with the ports it bound.
 */
public final class ServerNodes {
    private static final Pattern UP = Pattern.compile("Parley is up: HTTP (\\d+), TCP (\\d+)");
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private ServerNodes() {
    }

    /** A started {@code serve} process once it accepts connections: its ports and its command line. */
    public record Started(Process process, int httpPort, int tcpPort, List<String> command) {
    }

    /**
     * Starts {@code java [jvmOptions] -jar jar serve [serveArgs]} with {@code env} added to the
     * environment, output to {@code log}, and waits until it accepts connections.
     */
    public static Started launch(Path jar, List<String> jvmOptions, List<String> serveArgs, Map<String, String> env,
                                 Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "serve"));
        cmd.addAll(serveArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            int[] ports = awaitUp(p, log);
            return new Started(p, ports[0], ports[1], cmd);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(p);
            throw e;
        }
    }

    private static int[] awaitUp(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = UP.matcher(out);
            if (m.find()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.exitValue() + ":\n" + tail(out));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not come up within " + START_TIMEOUT_MILLIS / 1000
                + " s; see " + log);
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    /** SIGTERM runs the node's shutdown hook (closes connections and the database); force only if it hangs. */
    public static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
