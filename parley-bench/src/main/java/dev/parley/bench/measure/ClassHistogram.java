package dev.parley.bench.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live objects per class, from {@code jcmd <pid> GC.class_histogram}. The difference of two
 * histograms divided by the connections opened in between names the objects each connection
 * costs the server, which is what an engineer needs to make it smaller.
 */
public final class ClassHistogram {
    //    1:         12345        6789012  java.lang.String (java.base@17.0.15)
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** Instances and bytes of one class. */
    public record Entry(String className, long instances, long bytes) {
    }

    private final Map<String, Entry> byClass;

    private ClassHistogram(Map<String, Entry> byClass) {
        this.byClass = byClass;
    }

    static ClassHistogram parse(String text) {
        Map<String, Entry> map = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                Entry e = new Entry(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                map.merge(e.className(), e, (a, b) -> new Entry(a.className(), a.instances() + b.instances(),
                        a.bytes() + b.bytes()));
            }
        }
        return new ClassHistogram(map);
    }

    public long totalBytes() {
        return byClass.values().stream().mapToLong(Entry::bytes).sum();
    }

    /** The classes that grew most in bytes from {@code before} to this, largest first. */
    public List<Entry> growthSince(ClassHistogram before, int limit) {
        List<Entry> growth = new ArrayList<>();
        for (Entry now : byClass.values()) {
            Entry then = before.byClass.get(now.className());
            long instances = now.instances() - (then == null ? 0 : then.instances());
            long bytes = now.bytes() - (then == null ? 0 : then.bytes());
            if (bytes > 0) {
                growth.add(new Entry(now.className(), instances, bytes));
            }
        }
        growth.sort(Comparator.comparingLong(Entry::bytes).reversed());
        return growth.subList(0, Math.min(limit, growth.size()));
    }
}
