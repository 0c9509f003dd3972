package dev.parley.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-driven HTTP connection for polling with Awaitility: write bytes when you like, and
 * ask without blocking what has arrived and whether the node has closed the socket.
 */
public final class RawHttpConnection implements AutoCloseable {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closed;

    public RawHttpConnection(int port) {
        this(port, "127.0.0.1");
    }

    /** A connection from {@code localAddress}, e.g. another loopback address such as 127.0.0.2. */
    public RawHttpConnection(int port, String localAddress) {
        try {
            socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
            socket.setSoTimeout(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text}; false if the node has already closed the connection. */
    public boolean write(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            closed = true;
            return false;
        }
    }

    /** True once the node has closed (or reset) the connection; reads what arrived meanwhile. */
    public boolean closed() {
        drain();
        return closed;
    }

    /** Everything received so far. */
    public String received() {
        drain();
        return received.toString(StandardCharsets.UTF_8);
    }

    /** How many responses have arrived, by status line. */
    public int responses() {
        Matcher m = STATUS_LINE.matcher(received());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private void drain() {
        if (closed) {
            return;
        }
        byte[] buf = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                received.write(buf, 0, n);
            }
            if (n < 0) {
                closed = true;
            }
        } catch (SocketTimeoutException e) {
            // nothing more for now
        } catch (IOException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
