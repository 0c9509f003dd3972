package dev.parley.protocol.codec;

import dev.parley.protocol.wire.Frame;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/** One protocol {@link Frame} per WebSocket binary message; text messages are a protocol error. */
@ChannelHandler.Sharable
public final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, Frame> {
    public static final WebSocketFrameCodec INSTANCE = new WebSocketFrameCodec();

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) throws Exception {
        out.add(new BinaryWebSocketFrame(FrameProtobufDecoder.FrameBytes.encode(ctx.alloc(), frame)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) throws Exception {
        if (!(msg instanceof BinaryWebSocketFrame)) {
            throw new CorruptedFrameException("only binary WebSocket frames carry protocol frames");
        }
        out.add(FrameProtobufDecoder.FrameBytes.decode(msg.content()));
    }
}
