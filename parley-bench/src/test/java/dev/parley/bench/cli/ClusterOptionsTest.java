package dev.parley.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.bench.scenario.Placement;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClusterOptionsTest {
    private static <T> T parse(Class<T> type, String... args) {
        CommandLine.ParseResult parsed = BenchCli.commandLine().parseArgs(args);
        return type.cast(parsed.subcommand().commandSpec().userObject());
    }

    @Test
    void clusterOptionsParseWithTheirDefaults() {
        P2pCommand c = parse(P2pCommand.class, "p2p", "--server-process", "--cluster-nodes", "3", "--placement",
                "CROSS");
        assertThat(c.target.clusterNodes).isEqualTo(3);
        assertThat(c.target.nodeCount()).isEqualTo(3);
        assertThat(c.target.postgresUrl).isNull();
        assertThat(c.target.redisUrl).isNull();
        assertThat(c.placement).isEqualTo(Placement.CROSS);
        c.target.validate();
        assertThat(c.scenario().name()).isEqualTo("p2p");
    }

    @Test
    void placementIsSpreadByDefault() {
        assertThat(parse(P2pCommand.class, "p2p").placement).isEqualTo(Placement.SPREAD);
        assertThat(parse(GroupCommand.class, "group").placement).isEqualTo(Placement.SPREAD);
        assertThat(parse(P2pCommand.class, "p2p").target.nodeCount()).isEqualTo(1);
    }

    @Test
    void clusterNodesWithoutServerProcessIsAClearError() {
        P2pCommand c = parse(P2pCommand.class, "p2p", "--cluster-nodes", "2");
        assertThatThrownBy(c.target::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--cluster-nodes needs --server-process");
    }

    @Test
    void oneClusterNodeIsNotACluster() {
        P2pCommand c = parse(P2pCommand.class, "p2p", "--server-process", "--cluster-nodes", "1");
        assertThatThrownBy(c.target::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 or more");
    }

    @Test
    void storageUrlsGoWithClusterNodes() {
        P2pCommand c = parse(P2pCommand.class, "p2p", "--server-process", "--redis-url", "redis://h:6379");
        assertThatThrownBy(c.target::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("go with --cluster-nodes");
    }

    @Test
    void clusterAndUrlExcludeEachOther() {
        P2pCommand c = parse(P2pCommand.class, "p2p", "--url", "http://h:1", "--app-key", "k", "--app-secret", "s",
                "--cluster-nodes", "2");
        assertThatThrownBy(c.target::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--server-process");
    }

    @Test
    void crossPlacementNeedsACluster() {
        P2pCommand p2p = parse(P2pCommand.class, "p2p", "--server-process", "--placement", "cross");
        assertThatThrownBy(p2p::scenario).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--cluster-nodes 2");
        GroupCommand group = parse(GroupCommand.class, "group", "--placement", "cross");
        assertThatThrownBy(group::scenario).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--cluster-nodes 2");
    }

    @Test
    void sameAndSpreadNeedNoCluster() {
        assertThat(parse(P2pCommand.class, "p2p", "--placement", "same").scenario().name()).isEqualTo("p2p");
    }

    @Test
    void badPlacementIsRefusedByName() {
        StringWriter err = new StringWriter();
        CommandLine cl = BenchCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("p2p", "--placement", "diagonal");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("spread, same or cross");
    }

    @Test
    void clusterWithoutServerProcessExitsTwoWithOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = BenchCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("p2p", "--cluster-nodes", "2", "--placement", "cross");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains("--cluster-nodes needs --server-process");
    }
}
