package dev.parley.bench.cli;

import dev.parley.bench.BenchLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code parley bench}: load scenarios against a node, and the JMH micro-benchmarks. */
@Command(name = "parley bench", mixinStandardHelpOptions = true, version = "parley-bench 0.1.0",
        description = {"Load generator built on the real Parley SDK (many ImEngines sharing event loops), and JMH "
                + "micro-benchmarks. Reports figures as Markdown on stdout (and JSON with --json); never fails a run "
                + "for missing a target.",
                "",
                "Targets a running node (--url, --app-key, --app-secret), or starts one on a temporary data dir: in "
                        + "this JVM by default, or as its own process with --server-process (preferred for published "
                        + "figures: server CPU and memory are then measured apart from the generator's).",
                "",
                "With --server-process --cluster-nodes N the bench starts N nodes in cluster mode on a fresh PostgreSQL "
                        + "database and Redis key prefix (--postgres-url, --redis-url); p2p and group place their "
                        + "clients with --placement spread|same|cross."},
        subcommands = {ConnectCommand.class, IdleCommand.class, P2pCommand.class, GroupCommand.class,
                SyncCommand.class, JmhCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
                "Messaging scenarios (p2p, group, sync) keep all their engines in this JVM, so that a message's send "
                        + "and receive times come from one clock; they lift the app's send rate limit on a node they "
                        + "start (at --url the operator must).",
                "",
                "Examples:",
                "  ./parley bench connect --server-process",
                "  ./parley bench idle --server-process --connections 19000 --source-addresses 4",
                "  ./parley bench p2p --server-process --rates 2000,10000 --step-seconds 5",
                "  ./parley bench group --server-process --members 100 --groups 10",
                "  ./parley bench p2p --server-process --cluster-nodes 2 --placement cross --rates 2000,5000",
                "  ./parley bench group --server-process --cluster-nodes 3 --placement cross --members 100",
                "  ./parley bench connect --server-process --cluster-nodes 2",
                "  ./parley bench sync --server-process --messages 10000",
                "  ./parley bench connect --url http://127.0.0.1:8700 --app-key KEY --app-secret SECRET",
                "  ./parley bench jmh FrameCodec"})
public final class BenchCli {
    private BenchCli() {
    }

    /** The command line with its error handling: a bad argument prints one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchCli()).setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        // Everything after "jmh" belongs to JMH, including options picocli does not know.
        cl.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    public static void main(String[] args) {
        BenchLogging.init();
        int code = commandLine().execute(args);
        // Engines and the in-process node leave non-daemon threads behind; the run is over.
        System.exit(code);
    }
}
