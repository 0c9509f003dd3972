package dev.parley.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.measure.HistogramCodec;
import java.util.Map;
import java.util.TreeMap;

/**
 * Line protocol between the coordinator and a child generator. The coordinator writes
 * commands to the child's stdin; the child answers on stdout with lines starting with
 * {@link #PREFIX} (anything else on stdout is ignored, so a stray print cannot break it).
 *
 * <pre>
 * child:  @bench ready                  engines created
 * coord:  go                            connect them all
 * child:  @bench progress C F           now and then: connected, failed so far
 * child:  @bench result {json}          every engine has an outcome
 * coord:  status        child: @bench connected N
 * coord:  close (or stdin closed)       sign out, release, exit
 * child:  @bench closed
 * </pre>
 */
final class GeneratorProtocol {
    static final String PREFIX = "@bench ";
    static final String READY = "ready";
    static final String PROGRESS = "progress";
    static final String RESULT = "result";
    static final String CONNECTED = "connected";
    static final String CLOSED = "closed";
    static final String GO = "go";
    static final String STATUS = "status";
    static final String CLOSE = "close";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeneratorProtocol() {
    }

    /** {@link ConnectResult} on the wire: the histogram as compressed Base64. */
    record WireResult(int attempted, int connected, Map<String, Integer> failuresByCode, long elapsedNanos,
                      String latency, long gcMillis) {
    }

    static String encode(ConnectResult r) {
        Map<String, Integer> failures = new TreeMap<>();
        r.failuresByCode().forEach((code, n) -> failures.put(code.toString(), n));
        try {
            return JSON.writeValueAsString(new WireResult(r.attempted(), r.connected(), failures, r.elapsedNanos(),
                    HistogramCodec.encode(r.latencyMicros()), r.gcMillis()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConnectResult decode(String json) {
        try {
            WireResult w = JSON.readValue(json, WireResult.class);
            Map<Integer, Integer> failures = new TreeMap<>();
            w.failuresByCode().forEach((code, n) -> failures.put(Integer.parseInt(code), n));
            return new ConnectResult(w.attempted(), w.connected(), failures, w.elapsedNanos(),
                    HistogramCodec.decode(w.latency()), w.gcMillis());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad result from a generator: " + json, e);
        }
    }

    static String writePlan(ConnectPlan plan) {
        try {
            return JSON.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConnectPlan readPlan(String json) {
        try {
            return JSON.readValue(json, ConnectPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad generator plan", e);
        }
    }
}
