package dev.parley.protocol.codec;

import dev.parley.protocol.wire.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * A frame as the TCP transport sends it, in one buffer: its length as a base-128 varint, then
 * its protobuf bytes, serialized straight into the buffer. Encoding the body and then the
 * length prefix in two handlers made three allocations and a copy per frame (protobuf's own
 * staging array, the body, a separate length buffer) and two iovecs per frame in each
 * {@code writev}. The way in is {@link VarintFrameDecoder} + {@link FrameProtobufDecoder}.
 */
@ChannelHandler.Sharable
public final class TcpFrameEncoder extends MessageToMessageEncoder<Frame> {
    public static final TcpFrameEncoder INSTANCE = new TcpFrameEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) throws Exception {
        out.add(encode(ctx.alloc(), frame));
    }

    static ByteBuf encode(io.netty.buffer.ByteBufAllocator alloc, Frame frame) throws java.io.IOException {
        int size = frame.getSerializedSize();
        int prefix = varintSize(size);
        ByteBuf buf = alloc.buffer(prefix + size);
        try {
            writeVarint(buf, size);
            FrameProtobufDecoder.FrameBytes.writeInPlace(buf, frame, size);
            return buf;
        } catch (java.io.IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    static void writeVarint(ByteBuf out, int value) {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }
}
