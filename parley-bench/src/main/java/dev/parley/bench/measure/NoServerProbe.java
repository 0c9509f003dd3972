package dev.parley.bench.measure;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link ServerProbe#NONE}: a server the bench cannot observe, so every figure is left out. */
final class NoServerProbe implements ServerProbe {
    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public Optional<CpuTimes> cpuTimes() {
        return Optional.empty();
    }

    @Override
    public OptionalLong rssBytes() {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong openFds() {
        return OptionalLong.empty();
    }

    @Override
    public boolean fullGc() {
        return false;
    }

    @Override
    public OptionalLong heapUsedBytes() {
        return OptionalLong.empty();
    }

    @Override
    public Optional<ClassHistogram> classHistogram() {
        return Optional.empty();
    }

    @Override
    public boolean startRecording(Path file) {
        return false;
    }

    @Override
    public boolean stopRecording() {
        return false;
    }

    @Override
    public boolean nativeMemoryBaseline() {
        return false;
    }

    @Override
    public Optional<Map<String, Long>> nativeMemoryGrowth() {
        return Optional.empty();
    }
}
