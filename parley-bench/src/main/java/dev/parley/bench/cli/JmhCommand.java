package dev.parley.bench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench jmh [REGEX] [JMH options]}: the micro-benchmarks, through JMH's own command line. */
@Command(name = "jmh",
        description = {"Run the JMH micro-benchmarks: FrameCodecBenchmark (varint + protobuf encode/decode of a "
                + "Connect and a ~200-byte message frame), TokenVerifyBenchmark (TokenService.verify), "
                + "ApiSignatureBenchmark (ApiSignature.matches), InboxAppendBenchmark (the storage writer's group "
                + "commit: a transaction of N messages with their inbox entries, on SQLite in a temporary directory).",
                "Arguments go to JMH unchanged: a regex selects benchmarks; e.g. -l lists them, -f/-wi/-i/-w/-r "
                        + "override forks, iterations and their times, -prof gc adds allocation rates, -rf json "
                        + "-rff FILE writes results. JMH's own help: jmh -h."})
final class JmhCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help (JMH's own: -h).")
    boolean help;

    @Parameters(paramLabel = "ARG", arity = "0..*", description = "Benchmark regex and JMH options.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
