package dev.parley.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a TCP byte stream into frames prefixed by a base-128 varint length. Unlike Netty's
 * protobuf varint decoder it enforces a maximum frame size, so a peer cannot make us buffer
 * an arbitrary amount before the length check.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    public VarintFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int length = readVarint(in);
            if (length == NEED_MORE) {
                in.readerIndex(start);
                return;
            }
            if (length > maxFrameBytes) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("frame of " + length + " bytes exceeds " + maxFrameBytes);
            }
            if (in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            out.add(in.readRetainedSlice(length));
        }
    }

    private static final int NEED_MORE = -1;

    /** Reads a non-negative 32-bit varint (at most 5 bytes), or returns NEED_MORE. */
    static int readVarint(ByteBuf in) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.isReadable()) {
                return NEED_MORE;
            }
            byte b = in.readByte();
            if (shift == 28 && (b & 0xF8) != 0) {
                throw new CorruptedFrameException("frame length varint out of range");
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptedFrameException("frame length varint longer than 5 bytes");
    }
}
