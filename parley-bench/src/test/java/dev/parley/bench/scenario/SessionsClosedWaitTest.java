package dev.parley.bench.scenario;

import static dev.parley.bench.scenario.ScenarioRuns.quietContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.node.InProcessNode;
import dev.parley.bench.raw.GatewayLookup;
import dev.parley.bench.raw.RawFleet;
import dev.parley.bench.raw.RawListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A timed phase starts only once the node has closed an untimed round's sessions. */
class SessionsClosedWaitTest {
    @TempDir
    Path dir;

    @Test
    void theWaitEndsWhenTheNodeHasClosedTheRoundsSessionsAndCountsThoseLeft() throws Exception {
        try (InProcessNode node = InProcessNode.start(dir.resolve("node"), false)) {
            ScenarioContext ctx = quietContext(node, dir);
            List<String> tokens = ctx.fetchTokens(6);
            InetSocketAddress gateway = GatewayLookup.tcpGateway(node.naviUrl(), node.appKey(), tokens.get(0));
            OptionalDouble before = ctx.nodeSessions();
            assertThat(before).hasValue(0);

            try (RawFleet round = RawFleet.create(ctx.rawFleetPlan(gateway, tokens, 3), RawListener.NONE)) {
                ConnectResult connected = round.connectAll(RawFleet.Until.CONNECT_ACK);
                assertThat(connected.connected()).isEqualTo(6);
                // Still connected: the wait gives up at its limit and says how many are left.
                assertThat(ctx.awaitSessionsClosed("held", before, Duration.ofMillis(300))).isEqualTo(6);
            }
            assertThat(ctx.awaitSessionsClosed("closed", before, Duration.ofSeconds(30))).isZero();
            assertThat(ctx.nodeSessions()).hasValue(0);
        }
    }
}
