package dev.parley.bench.measure;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link ServerProbe} of a local JVM: {@code /proc/<pid>} for CPU and memory, {@code jcmd} for GC and heap. */
final class JvmProcessProbe implements ServerProbe {
    private static final String RECORDING = "parley-bench";
    private final long pid;
    private final Jcmd jcmd;

    JvmProcessProbe(long pid) {
        this.pid = pid;
        this.jcmd = new Jcmd(pid);
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(pid);
    }

    @Override
    public Optional<CpuTimes> cpuTimes() {
        return ProcFs.cpuTimes(pid);
    }

    @Override
    public OptionalLong rssBytes() {
        return ProcFs.rssBytes(pid);
    }

    @Override
    public OptionalLong openFds() {
        return ProcFs.openFds(pid);
    }

    @Override
    public boolean fullGc() {
        return jcmd.run("GC.run").isPresent();
    }

    @Override
    public OptionalLong heapUsedBytes() {
        return jcmd.run("GC.heap_info").map(HeapInfo::usedBytes).orElse(OptionalLong.empty());
    }

    @Override
    public boolean startRecording(Path file) {
        return jcmd.run("JFR.start name=" + RECORDING + " settings=profile filename=" + file.toAbsolutePath()).isPresent();
    }

    @Override
    public boolean stopRecording() {
        return jcmd.run("JFR.stop name=" + RECORDING).isPresent();
    }

    @Override
    public boolean nativeMemoryBaseline() {
        // Without -XX:NativeMemoryTracking jcmd answers "not enabled" with exit code 0.
        return jcmd.run("VM.native_memory baseline").filter(out -> out.contains("Baseline")).isPresent();
    }

    @Override
    public Optional<Map<String, Long>> nativeMemoryGrowth() {
        return jcmd.run("VM.native_memory summary.diff").map(NativeMemory::parseDiff).filter(m -> !m.isEmpty());
    }

    @Override
    public Optional<ClassHistogram> classHistogram() {
        return jcmd.run("GC.class_histogram").map(ClassHistogram::parse);
    }
}
