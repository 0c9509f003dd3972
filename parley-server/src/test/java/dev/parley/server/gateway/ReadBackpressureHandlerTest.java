package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reading follows the outbound buffer; a connection that stays full past the stall timeout is closed. */
class ReadBackpressureHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel ch = new EmbeddedChannel(
            new ReadBackpressureHandler(Duration.ofSeconds(5), new GatewayMetrics(registry, new SessionRegistry())));

    private void writable(boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    private double stalls() {
        return registry.get("parley.gateway.write.stalls").counter().count();
    }

    @Test
    void readingStopsWhileTheOutboundBufferIsFullAndResumesWhenItDrains() {
        writable(false);
        assertThat(ch.config().isAutoRead()).isFalse();
        writable(true);
        assertThat(ch.config().isAutoRead()).isTrue();

        ch.advanceTimeBy(10, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).as("drained in time, so not closed").isTrue();
        assertThat(stalls()).isZero();
    }

    @Test
    void aConnectionThatStaysFullPastTheStallTimeoutIsClosedAndCounted() {
        writable(false);
        ch.advanceTimeBy(4, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();

        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isFalse();
        assertThat(stalls()).isEqualTo(1);
    }

    @Test
    void anotherReasonToPauseKeepsReadingPausedWhenTheBufferDrains() {
        ReadGate.of(ch).pause(ReadGate.Reason.REQUESTS_IN_FLIGHT);
        writable(false);
        writable(true);
        assertThat(ch.config().isAutoRead()).isFalse();
        ReadGate.of(ch).resume(ReadGate.Reason.REQUESTS_IN_FLIGHT);
        assertThat(ch.config().isAutoRead()).isTrue();
    }
}
