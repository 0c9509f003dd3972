package dev.parley.bench.cluster;

import dev.parley.bench.measure.ClassHistogram;
import dev.parley.bench.measure.CpuTimes;
import dev.parley.bench.measure.ServerProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The nodes of a cluster observed as one server: CPU, resident memory and open files summed
 * over every node process, so that "server CPU per delivered message" is the whole cluster's.
 * A reading is empty unless every node could be read (a node that died must not make the
 * cluster look cheaper). Attach-only tools (flight recordings, class histograms, native memory)
 * are per JVM and not offered.
 */
final class ClusterProbe implements ServerProbe {
    private final List<ServerProbe> nodes;

    ClusterProbe(List<Long> pids) {
        this.nodes = pids.stream().map(ServerProbe::ofJvm).toList();
    }

    @Override
    public OptionalLong pid() {
        // several processes: callers that want them all ask Node.serverPids()
        return OptionalLong.empty();
    }

    @Override
    public Optional<CpuTimes> cpuTimes() {
        CpuTimes sum = CpuTimes.ZERO;
        for (ServerProbe n : nodes) {
            Optional<CpuTimes> t = n.cpuTimes();
            if (t.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.plus(t.get());
        }
        return Optional.of(sum);
    }

    @Override
    public OptionalLong rssBytes() {
        return sum(ServerProbe::rssBytes);
    }

    @Override
    public OptionalLong openFds() {
        return sum(ServerProbe::openFds);
    }

    @Override
    public boolean fullGc() {
        boolean all = true;
        for (ServerProbe n : nodes) {
            all &= n.fullGc();
        }
        return all;
    }

    @Override
    public OptionalLong heapUsedBytes() {
        return sum(ServerProbe::heapUsedBytes);
    }

    private OptionalLong sum(Function<ServerProbe, OptionalLong> of) {
        long sum = 0;
        for (ServerProbe n : nodes) {
            OptionalLong v = of.apply(n);
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            sum += v.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    // Attach-only tools, per JVM: what a probe that can observe nothing answers.
    @Override
    public Optional<ClassHistogram> classHistogram() {
        return NONE.classHistogram();
    }

    @Override
    public boolean startRecording(Path file) {
        return NONE.startRecording(file);
    }

    @Override
    public boolean stopRecording() {
        return NONE.stopRecording();
    }

    @Override
    public boolean nativeMemoryBaseline() {
        return NONE.nativeMemoryBaseline();
    }

    @Override
    public Optional<Map<String, Long>> nativeMemoryGrowth() {
        return NONE.nativeMemoryGrowth();
    }
}
