package dev.parley.protocol.codec;

import dev.parley.protocol.wire.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * A frame as the TCP transport sends it, in one buffer: its length as a base-128 varint, then
 * its protobuf bytes, serialized straight into the buffer. The pair {@link FrameProtobufCodec}
 * + {@link VarintFrameEncoder} made three allocations and a copy per frame (protobuf's own
 * staging array, the body, a separate length buffer) and two iovecs per frame in each
 * {@code writev}. Installed nearest the pipeline's tail, it encodes every outgoing Frame before
 * {@link FrameProtobufCodec} sees it; that one then only decodes.
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
        int prefix = VarintFrameEncoder.varintSize(size);
        ByteBuf buf = alloc.buffer(prefix + size);
        try {
            VarintFrameEncoder.writeVarint(buf, size);
            FrameProtobufCodec.FrameBytes.writeInPlace(buf, frame, size);
            return buf;
        } catch (java.io.IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
