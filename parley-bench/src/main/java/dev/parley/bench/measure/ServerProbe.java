package dev.parley.bench.measure;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the bench can observe of the server process from outside: CPU, resident memory and
 * open files, and, for a JVM it may attach to, full GCs, the live heap, class histograms,
 * flight recordings and native memory tracking. Every figure is optional: a node on another
 * machine offers none of them.
 */
public interface ServerProbe {
    /** The server's process id, if it runs on this machine and is known. */
    OptionalLong pid();

    Optional<CpuTimes> cpuTimes();

    OptionalLong rssBytes();

    OptionalLong openFds();

    /** Runs a full GC in the server; false if that was not possible. */
    boolean fullGc();

    /** Heap in use right now (after {@link #fullGc()}: the live heap), if it can be read. */
    OptionalLong heapUsedBytes();

    /** Live objects per class (forces a full GC), if it can be read. */
    Optional<ClassHistogram> classHistogram();

    /** Starts a Java Flight Recording (profile settings) in the server, to be written to {@code file}. */
    boolean startRecording(Path file);

    /** Stops the recording started by {@link #startRecording} and writes its file. */
    boolean stopRecording();

    /** Marks a Native Memory Tracking baseline; false unless the server runs with NMT on. */
    boolean nativeMemoryBaseline();

    /** Committed bytes gained per NMT category since the baseline (see {@link NativeMemory}). */
    Optional<Map<String, Long>> nativeMemoryGrowth();

    /** A probe that can observe nothing: for a node on another machine. */
    ServerProbe NONE = new NoServerProbe();

    /** A probe of a JVM on this machine, through {@code /proc} and {@code jcmd}. */
    static ServerProbe ofJvm(long pid) {
        return new JvmProcessProbe(pid);
    }
}
