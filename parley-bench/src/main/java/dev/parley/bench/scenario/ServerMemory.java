package dev.parley.bench.scenario;

import dev.parley.bench.measure.ClassHistogram;
import dev.parley.bench.measure.ServerProbe;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server's memory at one moment, taken after a full GC so that garbage does not count:
 * resident set, live heap, open files, and optionally live objects per class.
 */
record ServerMemory(OptionalLong rssBytes, OptionalLong heapBytes, OptionalLong openFds,
                    Optional<ClassHistogram> classes) {
    // G1 gives memory back to the OS concurrently after a full GC; give it a moment.
    private static final long SETTLE_MILLIS = 2000;

    static ServerMemory afterFullGc(ServerProbe probe, boolean withClassHistogram) throws InterruptedException {
        boolean collected = probe.fullGc();
        if (collected) {
            Thread.sleep(SETTLE_MILLIS);
        }
        OptionalLong rss = probe.rssBytes();
        OptionalLong heap = collected ? probe.heapUsedBytes() : OptionalLong.empty();
        OptionalLong fds = probe.openFds();
        // Last: the histogram runs another full GC, which must not disturb the readings above.
        Optional<ClassHistogram> classes = withClassHistogram ? probe.classHistogram() : Optional.empty();
        return new ServerMemory(rss, heap, fds, classes);
    }
}
