package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectHandlerTimerTest {
    @Test
    void theAuthTimerOfASocketIsCancelledWhenTheHandshakeHandlerLeaves() {
        ConnectHandler handler = new ConnectHandler(null, null,
                new GatewaySettings(Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(10), 1 << 18),
                null, Clock.systemUTC());
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ScheduledFuture<?> timer = ch.attr(ConnectHandler.AUTH_TIMER).get();
        assertThat((Object) timer).isNotNull();
        assertThat(timer.isDone()).isFalse();

        ch.pipeline().remove(handler);

        assertThat(timer.isCancelled()).isTrue();
        assertThat((Object) ch.attr(ConnectHandler.AUTH_TIMER).get()).isNull();
    }
}
