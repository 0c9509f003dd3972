package dev.parley.bench.measure;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a run happened on, for the report: figures mean little without it. */
public final class MachineInfo {
    private MachineInfo() {
    }

    /** Cores, memory, CPU model, OS, JVM and this process's file descriptor limit. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        ProcFs.read(Path.of("/proc/meminfo")).flatMap(s -> s.lines().filter(l -> l.startsWith("MemTotal:")).findFirst())
                .ifPresent(l -> m.put("memory", String.format("%.1f GiB",
                        Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0 / 1024.0)));
        ProcFs.read(Path.of("/proc/cpuinfo")).flatMap(s -> s.lines().filter(l -> l.startsWith("model name")).findFirst())
                .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        maxFileDescriptors().ifPresent(n -> m.put("fd limit per process", Long.toString(n)));
        return m;
    }

    /** This process's open-file limit, where the JVM exposes it. */
    public static java.util.OptionalLong maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return java.util.OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return java.util.OptionalLong.empty();
    }
}
