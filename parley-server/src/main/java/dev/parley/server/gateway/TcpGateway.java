package dev.parley.server.gateway;

import dev.parley.protocol.codec.FrameProtobufDecoder;
import dev.parley.protocol.codec.VarintFrameDecoder;
import dev.parley.protocol.codec.TcpFrameEncoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Pipeline of a raw TCP client connection: varint-length framing, protobuf, then the protocol handlers. */
public final class TcpGateway extends ChannelInitializer<SocketChannel> {
    private final ProtocolHandlers protocol;

    public TcpGateway(ProtocolHandlers protocol) {
        this.protocol = protocol;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast("framing", new VarintFrameDecoder(protocol.settings().maxFrameBytes()));
        ch.pipeline().addLast("protobuf", FrameProtobufDecoder.INSTANCE);
        // Outgoing frames: length prefix and protobuf bytes in one buffer.
        ch.pipeline().addLast("encoder", TcpFrameEncoder.INSTANCE);
        protocol.install(ch.pipeline());
    }
}
