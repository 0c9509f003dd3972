package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Ping;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SyncRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-flight window of one connection, on an embedded channel: what is handed on, what waits, when we read. */
class InFlightLimiterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Frame> handedOn = new ArrayList<>();
    private final EmbeddedChannel ch = new EmbeddedChannel(
            new InFlightLimiter(new GatewayMetrics(registry, new SessionRegistry())),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    handedOn.add((Frame) msg);
                }
            });

    private static Frame sync(int id) {
        return Frame.newBuilder().setRequestId(id).setSync(SyncRequest.newBuilder()).build();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private void release() {
        InFlightLimiter.release(ch);
        ch.runPendingTasks();
    }

    @Test
    void aConnectionHasAtMostFourRequestsInFlightAndTheRestWaitInOrderWithoutReading() {
        for (int i = 1; i <= 10; i++) {
            ch.writeInbound(sync(i));
        }
        assertThat(handedOn).extracting(Frame::getRequestId).containsExactly(1, 2, 3, 4);
        assertThat(ch.config().isAutoRead()).as("reading paused while requests wait").isFalse();
        assertThat(gauge("parley.gateway.requests.in.flight")).isEqualTo(4);
        assertThat(gauge("parley.gateway.requests.waiting")).isEqualTo(6);

        release();
        assertThat(handedOn).extracting(Frame::getRequestId).containsExactly(1, 2, 3, 4, 5);

        for (int i = 0; i < 5; i++) {
            release();
        }
        assertThat(handedOn).extracting(Frame::getRequestId).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(ch.config().isAutoRead()).as("reading resumes once nothing waits").isTrue();
        assertThat(gauge("parley.gateway.requests.waiting")).isZero();
    }

    @Test
    void waitingRequestsAreNotHandedOnWhileTheConnectionCannotTakeAnswers() {
        for (int i = 1; i <= 5; i++) {
            ch.writeInbound(sync(i));
        }
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        release();
        assertThat(handedOn).hasSize(4);

        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        assertThat(handedOn).extracting(Frame::getRequestId).containsExactly(1, 2, 3, 4, 5);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void oneToOneSendsAndPingsPassStraightOnWhileGroupSendsTakeASlot() {
        for (int i = 1; i <= 4; i++) {
            ch.writeInbound(Frame.newBuilder().setRequestId(i).setSend(Send.newBuilder()
                    .setConversationType(ConversationType.GROUP)).build());
        }
        ch.writeInbound(sync(5));
        ch.writeInbound(Frame.newBuilder().setRequestId(6).setSend(Send.newBuilder()
                .setConversationType(ConversationType.PRIVATE)).build());
        ch.writeInbound(Frame.newBuilder().setRequestId(7).setPing(Ping.newBuilder()).build());
        assertThat(handedOn).extracting(Frame::getRequestId).containsExactly(1, 2, 3, 4, 6, 7);
    }

    @Test
    void aConnectionThatPipelinesBeyondTheWaitingLimitIsClosed() {
        for (int i = 0; i < InFlightLimiter.MAX_IN_FLIGHT + InFlightLimiter.MAX_WAITING + 1; i++) {
            ch.writeInbound(sync(i));
        }
        assertThat(ch.isActive()).isFalse();
        assertThat(gauge("parley.gateway.requests.waiting")).isZero();
        assertThat(registry.get("parley.gateway.protocol.violations").counter().count()).isEqualTo(1);
    }
}
