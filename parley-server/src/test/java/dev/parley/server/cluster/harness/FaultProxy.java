package dev.parley.server.cluster.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of one service (PostgreSQL, Redis) that a test can take away
 * and give back: {@link #cut} resets every connection it carries and refuses new ones, as a
 * crashed database host or a partition would; {@link #restore} lets connections through
 * again. The nodes under test only ever see this relay's port, so an outage is simulated
 * without touching the machine's shared services, which other builds use at the same time.
 */
public final class FaultProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    public FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "fault-proxy-accept-" + targetPort);
        accept.setDaemon(true);
        accept.start();
    }

    /** The port to give the nodes instead of the service's own. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection open now and refuses (resets) new ones until {@link #restore}. */
    public void cut() {
        cut = true;
        links.forEach(Link::reset);
    }

    /** Lets new connections through again; the clients have to reconnect by themselves. */
    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    /** Connections relayed right now. */
    public int openConnections() {
        return links.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                resetQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(targetHost, targetPort), 2000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                resetQuietly(client);
                resetQuietly(server);
                continue;
            }
            Link link = new Link(client, server);
            links.add(link);
            pump(link, client, server);
            pump(link, server, client);
        }
    }

    private void pump(Link link, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[32 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away: the link is over
            } finally {
                link.close();
            }
        }, "fault-proxy-pump-" + targetPort);
        t.setDaemon(true);
        t.start();
    }

    /** Closes with RST (linger 0): the peer sees "connection reset" at once, not a polite FIN. */
    private static void resetQuietly(Socket s) {
        try {
            if (!s.isClosed() && s.isConnected()) {
                s.setSoLinger(true, 0);
            }
            s.close();
        } catch (IOException ignored) {
            // going away anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    private final class Link {
        private final Socket client;
        private final Socket server;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void reset() {
            resetQuietly(client);
            resetQuietly(server);
            links.remove(this);
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            links.remove(this);
        }
    }
}
