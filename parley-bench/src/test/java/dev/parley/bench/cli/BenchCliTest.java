package dev.parley.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.bench.scenario.MessageGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCliTest {
    @TempDir
    Path dir;

    private static <T> T parse(Class<T> type, String... args) {
        CommandLine cl = BenchCli.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        return type.cast(parsed.subcommand().commandSpec().userObject());
    }

    @Test
    void connectTakesTheRawGenerator() {
        ConnectCommand c = parse(ConnectCommand.class, "connect", "--server-process", "--generator", "raw");
        assertThat(c.generator).isEqualTo(MessageGenerator.RAW);
    }

    @Test
    void connectDefaultsAreTheIssuesScenario() {
        ConnectCommand c = parse(ConnectCommand.class, "connect");
        assertThat(c.users).isEqualTo(2000);
        assertThat(c.inFlight).isEqualTo(200);
        assertThat(c.warmupUsers).isEqualTo(1000);
        assertThat(c.generator).isEqualTo(MessageGenerator.SDK);
        assertThat(c.target.serverProcess).isFalse();
        assertThat(c.load.sourceAddresses).isZero();
        assertThat(c.load.generators).isZero();
        assertThat(c.output.json).isNull();
    }

    @Test
    void idleOptionsParse() {
        IdleCommand c = parse(IdleCommand.class, "idle", "--server-process", "--connections", "19000",
                "--source-addresses", "4", "--no-class-histogram", "--hold", "30", "--json", "out.json",
                "--server-jvm-opts", "-Xmx1g -XX:+UseSerialGC");
        assertThat(c.connections).isEqualTo(19000);
        assertThat(c.inFlight).isEqualTo(200);
        assertThat(c.holdSeconds).isEqualTo(30);
        assertThat(c.classHistogram).isFalse();
        assertThat(c.target.serverProcess).isTrue();
        assertThat(c.target.jvmOptions()).containsExactly("-Xmx1g", "-XX:+UseSerialGC");
        assertThat(c.load.sourceAddresses).isEqualTo(4);
        assertThat(c.output.json).isEqualTo(Path.of("out.json"));
    }

    @Test
    void idleTakesTheClassHistogramByDefault() {
        assertThat(parse(IdleCommand.class, "idle").classHistogram).isTrue();
        assertThat(parse(IdleCommand.class, "idle").connections).isEqualTo(10000);
        assertThat(parse(IdleCommand.class, "idle").warmupUsers).isEqualTo(1000);
    }

    @Test
    void messagingDefaultsAreTheIssuesScenarios() {
        P2pCommand p2p = parse(P2pCommand.class, "p2p");
        assertThat(p2p.users).isEqualTo(1000);
        assertThat(p2p.rates).containsExactly(2000, 5000, 10000, 20000, 40000);
        assertThat(p2p.stepSeconds).isEqualTo(10);
        GroupCommand group = parse(GroupCommand.class, "group");
        assertThat(group.members).isEqualTo(1000);
        assertThat(group.groups).isEqualTo(1);
        SyncCommand sync = parse(SyncCommand.class, "sync");
        assertThat(sync.messages).isEqualTo(10000);
    }

    @Test
    void messagingStepsAreOptions() {
        P2pCommand p2p = parse(P2pCommand.class, "p2p", "--users", "100", "--rates", "500,1000", "--step-seconds", "2",
                "--warmup-seconds", "0", "--server-process");
        assertThat(p2p.users).isEqualTo(100);
        assertThat(p2p.rates).containsExactly(500, 1000);
        assertThat(p2p.stepSeconds).isEqualTo(2);
        assertThat(p2p.warmupSeconds).isZero();
        GroupCommand group = parse(GroupCommand.class, "group", "--members", "100", "--groups", "10", "--rates", "50");
        assertThat(group.members).isEqualTo(100);
        assertThat(group.groups).isEqualTo(10);
        assertThat(group.rates).containsExactly(50);
    }

    @Test
    void p2pGeneratorIsTheSdkUnlessRawIsAskedFor() {
        assertThat(parse(P2pCommand.class, "p2p").generator).isEqualTo(MessageGenerator.SDK);
        assertThat(parse(P2pCommand.class, "p2p", "--generator", "raw").generator).isEqualTo(MessageGenerator.RAW);
        assertThatThrownBy(() -> parse(P2pCommand.class, "p2p", "--generator", "mqtt"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("sdk or raw");
    }

    @Test
    void jmhPassesEverythingThroughToJmh() {
        JmhCommand c = parse(JmhCommand.class, "jmh", "FrameCodec", "-f", "1", "-wi", "0", "-prof", "gc");
        assertThat(c.args).containsExactly("FrameCodec", "-f", "1", "-wi", "0", "-prof", "gc");
    }

    @Test
    void urlNeedsTheAppCredentials() {
        ConnectCommand c = parse(ConnectCommand.class, "connect", "--url", "http://127.0.0.1:8700");
        assertThatThrownBy(() -> c.target.open(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--app-key");
    }

    @Test
    void urlAndServerProcessExcludeEachOther() {
        ConnectCommand c = parse(ConnectCommand.class, "connect", "--url", "http://h:1", "--app-key", "k",
                "--app-secret", "s", "--server-process");
        assertThatThrownBy(() -> c.target.open(dir)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badArgumentsPrintOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cl = BenchCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("connect", "--server-pid", "1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains("--url");
    }

    @Test
    void helpNamesEveryScenario() {
        StringWriter out = new StringWriter();
        CommandLine cl = BenchCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.execute("--help");
        assertThat(out.toString()).contains("connect", "idle", "jmh", "p2p", "group", "sync");
    }

    @Test
    void groupTakesTheRawGenerator() {
        assertThat(parse(GroupCommand.class, "group").generator).isEqualTo(MessageGenerator.SDK);
        assertThat(parse(GroupCommand.class, "group", "--generator", "RAW").generator).isEqualTo(MessageGenerator.RAW);
    }
}
