package dev.parley.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Prefixes each outgoing frame with its length as a base-128 varint. */
@ChannelHandler.Sharable
public final class VarintFrameEncoder extends MessageToMessageEncoder<ByteBuf> {
    public static final VarintFrameEncoder INSTANCE = new VarintFrameEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        int length = msg.readableBytes();
        ByteBuf header = ctx.alloc().buffer(varintSize(length));
        writeVarint(header, length);
        out.add(header);
        out.add(msg.retain());
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
