package dev.parley.server.support;

import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.ConnectAck;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A bare TCP protocol client, for handshake tests below the SDK. */
public final class RawGatewayClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawGatewayClient(int port) throws IOException {
        this(port, 0);
    }

    /** A client whose socket buffers at most {@code receiveBufferBytes} unread (0: the system's default). */
    public RawGatewayClient(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    public static Connect.Builder connect(String appKey, String token) {
        return Connect.newBuilder().setAppKey(appKey).setToken(token).setProtocolVersion(Protocol.VERSION)
                .setPlatform(Platform.DESKTOP).setDeviceId("raw-device").setSdkVersion("raw");
    }

    public ConnectAck handshake(Connect.Builder connect) throws IOException {
        send(Frame.newBuilder().setRequestId(1).setConnect(connect).build());
        return read().getConnectAck();
    }

    public void send(Frame frame) throws IOException {
        frame.writeDelimitedTo(out);
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private final java.util.ArrayDeque<Frame> skipped = new java.util.ArrayDeque<>();
    private int nextRequestId = 100;

    /** Sends a request with a fresh request id and returns the answer, keeping other frames for {@link #next}. */
    public Frame request(Frame.Builder frame) throws IOException {
        int id = ++nextRequestId;
        send(frame.setRequestId(id).build());
        while (true) {
            Frame f = read();
            if (f.getRequestId() == id && !f.hasNotify()) {
                return f;
            }
            skipped.add(f);
        }
    }

    /** The next frame that was not an answer to a request (e.g. a Notify). */
    public Frame next() throws IOException {
        Frame f = skipped.poll();
        return f != null ? f : read();
    }

    /** Next frame, or an exception if the server closed the socket. */
    public Frame read() throws IOException {
        Frame f = Frame.parseDelimitedFrom(in);
        if (f == null) {
            throw new IOException("server closed the connection");
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
