package dev.parley.bench.measure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Reads the node's own Prometheus {@code /metrics}: works for any node the bench can reach,
 * on this machine or not, and costs the server one scrape per reading.
 */
public final class NodeMetrics {
    private static final String GC_PAUSE_SUM = "jvm_gc_pause_seconds_sum";
    private static final String SESSIONS = "parley_gateway_sessions";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    public NodeMetrics(String baseUrl) {
        this.metrics = URI.create(baseUrl + "/metrics");
    }

    /** Total time the node's JVM has spent in GC pauses, all collectors and causes, in seconds. */
    public OptionalDouble gcPauseSeconds() {
        return sumOfScraped(GC_PAUSE_SUM);
    }

    /** Authenticated client sessions the node holds now. */
    public OptionalDouble sessions() {
        return sumOfScraped(SESSIONS);
    }

    private OptionalDouble sumOfScraped(String metric) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? sumOf(res.body(), metric) : OptionalDouble.empty();
        } catch (java.io.IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /**
     * Every Parley-specific series ({@code parley_*}, e.g. gateway sessions and connects, and
     * the messaging writer's if the node exports any), by its full name with labels.
     */
    public java.util.Map<String, Double> parleySeries() {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200) {
                out.putAll(series(res.body(), "parley_"));
            }
        } catch (java.io.IOException e) {
            // no metrics: an empty map
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** Samples whose name starts with {@code prefix}, keyed by name and labels. */
    static java.util.Map<String, Double> series(String exposition, String prefix) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith(prefix)) {
                int space = line.lastIndexOf(' ');
                try {
                    out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // not a sample line
                }
            }
        }
        return out;
    }

    /** Sum of every sample of {@code metric} (all label sets) in Prometheus text format. */
    static OptionalDouble sumOf(String exposition, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                sum += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
