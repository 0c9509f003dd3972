package dev.parley.bench.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** GC time of the JVM this code runs in. */
public final class JvmGc {
    private JvmGc() {
    }

    /** Milliseconds all collectors have spent so far (pauses, and concurrent cycles where the collector counts them). */
    public static long collectionMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
