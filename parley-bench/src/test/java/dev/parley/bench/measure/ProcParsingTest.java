package dev.parley.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text formats the bench reads from /proc, jcmd and /metrics. */
class ProcParsingTest {
    @Test
    void cpuTimesAreCountedFromTheLastParenthesis() {
        // comm may hold spaces and parentheses; utime = 1200 ticks, stime = 300 ticks
        String stat = "4242 (java (a) b) S 1 4242 4242 0 -1 4194304 100 0 0 0 1200 300 0 0 20 0 30 0 100 0 0";
        CpuTimes t = ProcFs.parseCpuTimes(stat);
        assertThat(t.userNanos()).isEqualTo(ClockTicks.toNanos(1200));
        assertThat(t.systemNanos()).isEqualTo(ClockTicks.toNanos(300));
        assertThat(t.systemShare()).isEqualTo(0.2);
    }

    @Test
    void threadsAreGroupedByNameWithoutNumbers() {
        assertThat(ThreadCpu.group("77 (parley-io-3-1) S 1 2 3")).isEqualTo("parley-io-N-N");
        assertThat(ThreadCpu.group("78 (C2 CompilerThre) S 1 2 3")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.delta(java.util.Map.of("a", 5L, "b", 9L), java.util.Map.of("a", 7L, "b", 9L, "c", 1L)))
                .containsOnly(java.util.Map.entry("a", 2L), java.util.Map.entry("c", 1L));
    }

    @Test
    void residentSetSizeComesFromVmRss() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 100 kB\n";
        assertThat(ProcFs.parseVmRssBytes(status)).hasValue(123456L * 1024);
        assertThat(ProcFs.parseVmRssBytes("Name:\tkthread\n")).isEmpty();
    }

    @Test
    void machineBusyTimeLeavesIdleAndIowaitOut() {
        // user nice system idle iowait irq softirq steal
        assertThat(MachineCpu.parseBusyTicks("cpu  100 5 50 9000 40 3 2 1 0 0")).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
    }

    @Test
    void ownProcessCanBeReadWhereThereIsProc() {
        long pid = ProcessHandle.current().pid();
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self"))) {
            assertThat(ProcFs.cpuTimes(pid)).isPresent();
            assertThat(ProcFs.rssBytes(pid)).isPresent();
            assertThat(ProcFs.openFds(pid).orElseThrow()).isPositive();
        }
        assertThat(ProcFs.cpuTimes(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void heapInUseIsReadForG1AndGenerationalCollectors() {
        String g1 = """
                 garbage-first heap   total 262144K, used 21504K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 6 young (6144K), 0 survivors (0K)
                 Metaspace       used 15000K, committed 15360K, reserved 1114112K
                  class space    used 1800K, committed 1920K, reserved 1048576K
                """;
        assertThat(HeapInfo.usedBytes(g1)).hasValue(21504L * 1024);
        String serial = """
                 def new generation   total 9792K, used 4000K [0x0, 0x0, 0x0)
                  eden space 8704K,  45% used [0x0, 0x0, 0x0)
                 tenured generation   total 21888K, used 1000K [0x0, 0x0, 0x0)
                """;
        assertThat(HeapInfo.usedBytes(serial)).hasValue(5000L * 1024);
        assertThat(HeapInfo.usedBytes("no heap here")).isEmpty();
    }

    @Test
    void classHistogramGrowthNamesWhatWasAdded() {
        ClassHistogram before = ClassHistogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          1000          48000  java.lang.String (java.base@17)
                   2:            10            640  io.netty.channel.DefaultChannelHandlerContext
                Total          1010          48640
                """);
        ClassHistogram after = ClassHistogram.parse("""
                   1:          3000         144000  java.lang.String (java.base@17)
                   2:          9010         576640  io.netty.channel.DefaultChannelHandlerContext
                   3:             5            100  java.lang.Object (java.base@17)
                """);
        List<ClassHistogram.Entry> growth = after.growthSince(before, 2);
        assertThat(growth).extracting(ClassHistogram.Entry::className)
                .containsExactly("io.netty.channel.DefaultChannelHandlerContext", "java.lang.String");
        assertThat(growth.get(0).instances()).isEqualTo(9000);
        assertThat(growth.get(0).bytes()).isEqualTo(576000);
        assertThat(after.totalBytes()).isEqualTo(144000 + 576640 + 100);
    }

    @Test
    void nativeMemoryGrowthIsReadPerCategory() {
        String diff = """
                Native Memory Tracking:

                Total: reserved=1540590KB +14532KB, committed=247478KB +32564KB

                -                 Java Heap (reserved=262144KB, committed=98304KB +20480KB)
                                            (mmap: reserved=262144KB, committed=98304KB +20480KB)

                -                     Class (reserved=1051281KB +6KB, committed=4113KB)
                                            (classes #5000 +10)

                -                    Thread (reserved=25735KB +1032KB, committed=1239KB +52KB)

                -                     Other (reserved=8192KB -1024KB, committed=8192KB -1024KB)
                """;
        assertThat(NativeMemory.parseDiff(diff)).containsExactly(
                java.util.Map.entry(NativeMemory.TOTAL_KEY, 32564L * 1024),
                java.util.Map.entry("Java Heap", 20480L * 1024),
                java.util.Map.entry("Class", 0L),
                java.util.Map.entry("Thread", 52L * 1024),
                java.util.Map.entry("Other", -1024L * 1024));
    }

    @Test
    void gcPausesAreSummedOverEveryLabelSet() {
        String metrics = """
                # HELP jvm_gc_pause_seconds Time spent in GC pause
                jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 7
                jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.25
                jvm_gc_pause_seconds_sum{action="end of major GC",cause="System.gc()",gc="G1 Full"} 0.5
                jvm_gc_pause_seconds_max{action="end of major GC",cause="System.gc()",gc="G1 Full"} 0.5
                """;
        assertThat(NodeMetrics.sumOf(metrics, "jvm_gc_pause_seconds_sum")).hasValue(0.75);
        assertThat(NodeMetrics.sumOf("up 1\n", "jvm_gc_pause_seconds_sum")).isEmpty();
    }

    @Test
    void parleySeriesKeepTheirLabels() {
        String metrics = "# HELP parley_gateway_sessions x\nparley_gateway_sessions 3.0\n"
                + "parley_gateway_connects_total{code=\"0\"} 12.0\njvm_threads_live 40.0\n";
        assertThat(NodeMetrics.series(metrics, "parley_"))
                .containsEntry("parley_gateway_sessions", 3.0)
                .containsEntry("parley_gateway_connects_total{code=\"0\"}", 12.0)
                .hasSize(2);
    }
}
