package dev.parley.bench.measure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Reads the node's own Prometheus {@code /metrics}: works for any node the bench can reach,
 * on this machine or not, and costs the server one scrape per reading. Given the nodes of a
 * cluster it reads each and sums: sessions, GC pauses and series are then the cluster's.
 */
public final class NodeMetrics {
    private static final String GC_PAUSE_SUM = "jvm_gc_pause_seconds_sum";
    private static final String SESSIONS = "parley_gateway_sessions";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<URI> metrics;

    public NodeMetrics(String baseUrl) {
        this(List.of(baseUrl));
    }

    /** The metrics of every node in {@code baseUrls}, summed. */
    public NodeMetrics(List<String> baseUrls) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("no node to read metrics of");
        }
        this.metrics = baseUrls.stream().map(u -> URI.create(u + "/metrics")).toList();
    }

    /** Total time the nodes' JVMs have spent in GC pauses, all collectors and causes, in seconds. */
    public OptionalDouble gcPauseSeconds() {
        return sumOverNodes(GC_PAUSE_SUM);
    }

    /** Authenticated client sessions the nodes hold now (empty if any node does not answer). */
    public OptionalDouble sessions() {
        return sumOverNodes(SESSIONS);
    }

    /** Sessions per node, in the order the nodes were given; a node that does not answer is empty. */
    public List<OptionalDouble> sessionsPerNode() {
        List<OptionalDouble> out = new ArrayList<>(metrics.size());
        for (URI uri : metrics) {
            out.add(scrape(uri).map(body -> sumOf(body, SESSIONS)).orElse(OptionalDouble.empty()));
        }
        return out;
    }

    private OptionalDouble sumOverNodes(String metric) {
        double sum = 0;
        for (URI uri : metrics) {
            OptionalDouble v = scrape(uri).map(body -> sumOf(body, metric)).orElse(OptionalDouble.empty());
            if (v.isEmpty()) {
                return OptionalDouble.empty();
            }
            sum += v.getAsDouble();
        }
        return OptionalDouble.of(sum);
    }

    private Optional<String> scrape(URI uri) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? Optional.of(res.body()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Every Parley-specific series ({@code parley_*}, e.g. gateway sessions and connects, and
     * the messaging writer's if the node exports any), by its full name with labels; summed
     * over the nodes of a cluster.
     */
    public Map<String, Double> parleySeries() {
        Map<String, Double> out = new TreeMap<>();
        for (URI uri : metrics) {
            scrape(uri).ifPresent(body -> series(body, "parley_").forEach((k, v) -> out.merge(k, v, Double::sum)));
        }
        return out;
    }

    /** Samples whose name starts with {@code prefix}, keyed by name and labels. */
    static Map<String, Double> series(String exposition, String prefix) {
        Map<String, Double> out = new TreeMap<>();
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
