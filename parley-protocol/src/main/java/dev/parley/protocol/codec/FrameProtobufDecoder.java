package dev.parley.protocol.codec;

import dev.parley.protocol.wire.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Turns one frame's bytes into a {@link Frame}; malformed bytes raise a DecoderException. The
 * TCP direction out is {@link TcpFrameEncoder}, WebSocket's is {@link WebSocketFrameCodec}.
 */
@ChannelHandler.Sharable
public final class FrameProtobufDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final FrameProtobufDecoder INSTANCE = new FrameProtobufDecoder();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) throws Exception {
        out.add(FrameBytes.decode(bytes));
    }

    /** Frame bytes for the TCP and WebSocket codecs. */
    static final class FrameBytes {
        private FrameBytes() {
        }

        static ByteBuf encode(io.netty.buffer.ByteBufAllocator alloc, Frame frame) throws java.io.IOException {
            int size = frame.getSerializedSize();
            ByteBuf buf = alloc.buffer(size);
            try {
                writeInPlace(buf, frame, size);
                return buf;
            } catch (java.io.IOException | RuntimeException e) {
                buf.release();
                throw e;
            }
        }

        /**
         * Serializes {@code frame} ({@code size} bytes) at {@code buf}'s writer index, straight
         * into its memory: through an OutputStream, protobuf stages every frame in an array of
         * its own and then copies it.
         */
        static void writeInPlace(ByteBuf buf, Frame frame, int size) throws java.io.IOException {
            buf.ensureWritable(size);
            com.google.protobuf.CodedOutputStream out =
                    com.google.protobuf.CodedOutputStream.newInstance(buf.nioBuffer(buf.writerIndex(), size));
            frame.writeTo(out);
            out.flush();
            out.checkNoSpaceLeft();
            buf.writerIndex(buf.writerIndex() + size);
        }

        static Frame decode(ByteBuf bytes) throws java.io.IOException {
            // From a ByteBuffer view: parsing from a stream would allocate a 4 KiB buffer per frame.
            return Frame.parseFrom(bytes.nioBuffer());
        }
    }
}
