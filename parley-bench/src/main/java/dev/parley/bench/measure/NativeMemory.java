package dev.parley.bench.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Growth of a JVM's committed memory per Native Memory Tracking category (Java Heap, Thread,
 * Code, GC, Compiler, Other, ...), parsed from {@code jcmd <pid> VM.native_memory summary.diff}.
 * Where the resident set grew by more than the live heap, this says where the rest went.
 * Needs the JVM started with {@code -XX:NativeMemoryTracking=summary}.
 */
public final class NativeMemory {
    // "-                 Java Heap (reserved=262144KB, committed=98304KB +20480KB)"
    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=\\d+KB(?: [+-]\\d+KB)?, committed=\\d+KB(?: ([+-]\\d+)KB)?");
    // "Total: reserved=1540590KB +14532KB, committed=247478KB +32564KB"
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=\\d+KB(?: [+-]\\d+KB)?, committed=\\d+KB(?: ([+-]\\d+)KB)?");

    /** Name of the entry holding the total of all categories. */
    public static final String TOTAL_KEY = "Total";

    private NativeMemory() {
    }

    /** Committed bytes gained (or lost) per category since the baseline, total first. */
    static Map<String, Long> parseDiff(String summaryDiff) {
        Map<String, Long> growth = new LinkedHashMap<>();
        for (String line : summaryDiff.split("\n")) {
            Matcher total = TOTAL.matcher(line.trim());
            if (total.find()) {
                growth.put(TOTAL_KEY, kib(total.group(1)));
                continue;
            }
            Matcher m = CATEGORY.matcher(line);
            if (m.find()) {
                growth.put(m.group(1).trim(), kib(m.group(2)));
            }
        }
        return growth;
    }

    private static long kib(String signedKib) {
        return signedKib == null ? 0 : Long.parseLong(signedKib.replace("+", "")) * 1024;
    }
}
