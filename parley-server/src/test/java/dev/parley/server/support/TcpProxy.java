package dev.parley.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * A loopback TCP relay between clients and a gateway, for network faults: it can make the
 * connections it carries go silent (bytes swallowed, sockets left open, as a dead NAT
 * mapping or a stalled peer does) while new connections pass normally.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final IntSupplier targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public TcpProxy(IntSupplier targetPort) throws IOException {
        this.targetPort = targetPort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Makes every connection open now silent in both directions; later connections are unaffected. */
    public void silenceExisting() {
        links.forEach(l -> l.silent = true);
    }

    /** Swallows what the server sends on connections open now (the client's bytes still arrive): lost acks. */
    public void silenceServerSideOfExisting() {
        links.forEach(l -> l.serverSilent = true);
    }

    /** Closes every connection open now, as a network drop would. */
    public void dropExisting() {
        links.forEach(Link::close);
    }

    /** How many client connections this proxy has accepted so far. */
    public int accepted() {
        return links.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort.getAsInt());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                pump(link, client, server, false);
                pump(link, server, client, true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static void pump(Link link, Socket from, Socket to, boolean fromServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!link.silent && !(fromServer && link.serverSilent)) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException ignored) {
                // either side went away
            } finally {
                link.close();
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        links.forEach(Link::close);
    }

    private static final class Link {
        final Socket a;
        final Socket b;
        volatile boolean silent;
        volatile boolean serverSilent;

        Link(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void close() {
            try {
                a.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                b.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
