package dev.parley.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Plain sockets for feeding a node bytes no well-behaved client would send. */
public final class RawSocket {
    private RawSocket() {
    }

    /** Sends {@code request} and returns everything the server answers until it closes (or 5 s pass). */
    public static String exchange(int port, String request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return new String(readUntilClosed(s.getInputStream()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until end of stream; a read timeout ends it too (returns what arrived). */
    public static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return out.toByteArray();
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    /** True if the server closes the connection within {@code timeoutMillis}. */
    public static boolean closedWithin(Socket s, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drain whatever the server says before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset counts as closed
        }
    }
}
