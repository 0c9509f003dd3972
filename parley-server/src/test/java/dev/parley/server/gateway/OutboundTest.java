package dev.parley.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class OutboundTest {
    /** Counts flushes that reach it, i.e. write syscalls a real socket would make. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    @Test
    void framesForOneChannelKeepTheirOrderAndAreFlushedOnce() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel ch = new EmbeddedChannel(counter);
        Outbound out = new Outbound();
        out.add(ch, "ack-1");
        out.add(ch, "notify-1");
        out.add(ch, "notify-2");

        out.send();
        ch.runPendingTasks();

        assertThat((Object) ch.readOutbound()).isEqualTo("ack-1");
        assertThat((Object) ch.readOutbound()).isEqualTo("notify-1");
        assertThat((Object) ch.readOutbound()).isEqualTo("notify-2");
        assertThat(counter.flushes).isEqualTo(1);
        assertThat(out.isEmpty()).as("handed over").isTrue();
    }

    @Test
    void nothingIsWrittenBeforeTheChannelsLoopRunsTheTask() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Outbound out = new Outbound();
        out.add(ch, "frame");

        assertThat(out.isEmpty()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        out.send();
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isEqualTo("frame");
    }

    @Test
    void aClosedChannelIsSkippedAndTheOthersStillGetTheirs() {
        EmbeddedChannel closed = new EmbeddedChannel();
        EmbeddedChannel open = new EmbeddedChannel();
        closed.close();
        Outbound out = new Outbound();
        out.add(closed, "lost-cause");
        out.add(open, "frame");

        out.send();
        closed.runPendingTasks();
        open.runPendingTasks();

        assertThat((Object) closed.readOutbound()).isNull();
        assertThat((Object) open.readOutbound()).isEqualTo("frame");
    }

    @Test
    void aChannelHoldingTooMuchUnsentIsClosedNotBufferedWithoutBound() {
        // Never flushed to the peer: everything written stays pending in the outbound buffer.
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
            }
        });
        io.netty.buffer.ByteBuf big = io.netty.buffer.Unpooled.buffer().writeZero((int) Outbound.MAX_PENDING_BYTES + 1);
        ch.write(big);
        assertThat(ch.isWritable()).isFalse();

        Outbound out = new Outbound();
        out.add(ch, io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1}));
        out.send();
        ch.runPendingTasks();

        assertThat(ch.isOpen()).isFalse();
    }
}
