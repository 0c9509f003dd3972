package dev.parley.bench.jmh;

import dev.parley.protocol.Protocol;
import dev.parley.protocol.codec.FrameProtobufDecoder;
import dev.parley.protocol.codec.VarintFrameDecoder;
import dev.parley.protocol.codec.TcpFrameEncoder;
import dev.parley.protocol.wire.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TCP frame codec cost per frame: varint length prefix + protobuf, through the same Netty
 * handlers the gateway and the SDK install (on an {@link EmbeddedChannel}, so the figure
 * includes a pipeline pass but no socket).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameCodecBenchmark {
    @Param({"connect", "message"})
    public String frame;

    private Frame value;
    private ByteBuf wire;
    private EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setUp() {
        value = SampleFrames.named(frame);
        // The TCP pipeline of the node, the SDK and the bench's raw clients.
        channel = new EmbeddedChannel(new VarintFrameDecoder(Protocol.MAX_FRAME_BYTES), FrameProtobufDecoder.INSTANCE,
                TcpFrameEncoder.INSTANCE);
        channel.writeOutbound(value);
        wire = Unpooled.buffer();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            wire.writeBytes(part);
            part.release();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        wire.release();
    }

    /** Frame → length-prefixed bytes; returns the byte count so nothing is optimised away. */
    @Benchmark
    public int encode() {
        channel.writeOutbound(value);
        int bytes = 0;
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            bytes += part.readableBytes();
            part.release();
        }
        return bytes;
    }

    /** Length-prefixed bytes → Frame. */
    @Benchmark
    public Frame decode() {
        channel.writeInbound(wire.retainedDuplicate());
        return channel.readInbound();
    }
}
