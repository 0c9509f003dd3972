package dev.parley.bench.measure;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the heap in use from {@code jcmd <pid> GC.heap_info}, whatever the collector. */
final class HeapInfo {
    // G1: " garbage-first heap   total 262144K, used 21504K [...]"; Serial and Parallel print
    // one such line per generation. Metaspace lines have no "total", region lines no "used N K".
    private static final Pattern GENERATION = Pattern.compile("total \\d+K, used (\\d+)K");
    // ZGC: " ZHeap           used 10M, capacity 20M, max capacity 30M"
    private static final Pattern ZGC = Pattern.compile("ZHeap\\s+used (\\d+)M");

    private HeapInfo() {
    }

    static OptionalLong usedBytes(String heapInfo) {
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = GENERATION.matcher(line);
            if (m.find()) {
                used += Long.parseLong(m.group(1)) * 1024;
                found = true;
            }
            Matcher z = ZGC.matcher(line);
            if (z.find()) {
                used += Long.parseLong(z.group(1)) * 1024 * 1024;
                found = true;
            }
        }
        return found ? OptionalLong.of(used) : OptionalLong.empty();
    }
}
