package dev.parley.bench.measure;

/**
 * CPU time split into user and system (kernel) time, in nanoseconds. For a network server on
 * loopback the system share is mostly the TCP stack and syscalls: a high share says that
 * fewer, larger reads and writes would help more than faster Java code.
 */
public record CpuTimes(long userNanos, long systemNanos) {
    public static final CpuTimes ZERO = new CpuTimes(0, 0);

    public long totalNanos() {
        return userNanos + systemNanos;
    }

    public CpuTimes plus(CpuTimes other) {
        return new CpuTimes(userNanos + other.userNanos, systemNanos + other.systemNanos);
    }

    public CpuTimes minus(CpuTimes earlier) {
        return new CpuTimes(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
    }

    /** Share of the time spent in the kernel, 0..1 (0 when there is no time at all). */
    public double systemShare() {
        long total = totalNanos();
        return total == 0 ? 0 : (double) systemNanos / total;
    }
}
