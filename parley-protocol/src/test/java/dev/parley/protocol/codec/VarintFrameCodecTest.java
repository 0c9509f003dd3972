package dev.parley.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Ping;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VarintFrameCodecTest {

    /** The pipeline's order in the node, the SDK and the bench: TcpFrameEncoder nearest the tail. */
    private static EmbeddedChannel encoder() {
        return new EmbeddedChannel(FrameProtobufDecoder.INSTANCE, TcpFrameEncoder.INSTANCE);
    }

    private static EmbeddedChannel decoder(int max) {
        return new EmbeddedChannel(new VarintFrameDecoder(max), FrameProtobufDecoder.INSTANCE);
    }

    private static Frame frame(String token, int requestId) {
        return Frame.newBuilder().setRequestId(requestId)
                .setConnect(Connect.newBuilder().setToken(token).setAppKey("k")).build();
    }

    private static ByteBuf encodeAll(List<Frame> frames) {
        EmbeddedChannel out = encoder();
        frames.forEach(out::writeOutbound);
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = out.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        return all;
    }

    @Test
    void anySequenceOfFramesSurvivesAnyChunking() {
        qt().withExamples(300).forAll(
                lists().of(strings().betweenCodePoints(0, 0xD7FF).ofLengthBetween(0, 400)).ofSizeBetween(1, 8),
                integers().between(1, 64))
            .checkAssert((tokens, chunk) -> {
                List<Frame> frames = new ArrayList<>();
                for (int i = 0; i < tokens.size(); i++) {
                    frames.add(frame(tokens.get(i), i + 1));
                }
                ByteBuf wire = encodeAll(frames);
                EmbeddedChannel in = decoder(64 * 1024);
                while (wire.isReadable()) {
                    in.writeInbound(wire.readRetainedSlice(Math.min(chunk, wire.readableBytes())));
                }
                wire.release();
                List<Frame> decoded = new ArrayList<>();
                Frame f;
                while ((f = in.readInbound()) != null) {
                    decoded.add(f);
                }
                assertThat(decoded).isEqualTo(frames);
                in.finishAndReleaseAll();
            });
    }

    @Test
    void varintRoundTripsEveryLengthClass() {
        qt().forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(n -> {
            ByteBuf b = Unpooled.buffer();
            TcpFrameEncoder.writeVarint(b, n);
            assertThat(b.readableBytes()).isEqualTo(TcpFrameEncoder.varintSize(n));
            assertThat(VarintFrameDecoder.readVarint(b)).isEqualTo(n);
            b.release();
        });
    }

    @Test
    void frameAboveTheLimitIsRefusedBeforeItsBodyArrives() {
        EmbeddedChannel in = decoder(1024);
        ByteBuf header = Unpooled.buffer();
        TcpFrameEncoder.writeVarint(header, 1025);
        assertThatThrownBy(() -> in.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void overlongVarintIsCorrupt() {
        EmbeddedChannel in = decoder(1024);
        ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
        assertThatThrownBy(() -> in.writeInbound(bad)).isInstanceOf(DecoderException.class);
    }

    @Test
    void garbageBodyIsADecoderError() {
        EmbeddedChannel in = decoder(1024);
        ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertThatThrownBy(() -> in.writeInbound(bad)).isInstanceOf(DecoderException.class);
    }

    @Test
    void emptyFrameDecodesAsEmptyMessage() {
        EmbeddedChannel in = decoder(1024);
        in.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        assertThat((Frame) in.readInbound()).isEqualTo(Frame.getDefaultInstance());
        Frame ping = Frame.newBuilder().setPing(Ping.newBuilder().setClientTime(5)).build();
        in.writeInbound(encodeAll(List.of(ping)));
        assertThat((Frame) in.readInbound()).isEqualTo(ping);
    }

    @Test
    void eachFrameIsItsVarintLengthThenItsProtobufBytesInOneBuffer() {
        qt().withExamples(300).forAll(
                lists().of(strings().betweenCodePoints(0, 0xD7FF).ofLengthBetween(0, 3000)).ofSizeBetween(1, 4))
            .checkAssert(tokens -> {
                EmbeddedChannel out = encoder();
                for (int i = 0; i < tokens.size(); i++) {
                    Frame f = frame(tokens.get(i), i + 1);
                    out.writeOutbound(f);
                    ByteBuf one = out.readOutbound();
                    byte[] body = f.toByteArray();
                    ByteBuf expected = Unpooled.buffer();
                    TcpFrameEncoder.writeVarint(expected, body.length);
                    expected.writeBytes(body);
                    assertThat(ByteBufUtil.getBytes(one)).isEqualTo(ByteBufUtil.getBytes(expected));
                    assertThat((Object) out.readOutbound()).as("one buffer per frame").isNull();
                    one.release();
                }
                out.finishAndReleaseAll();
            });
    }
}
