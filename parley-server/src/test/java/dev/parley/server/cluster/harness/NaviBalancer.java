package dev.parley.server.cluster.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The HTTP load balancer an operator puts in front of the nodes' HTTP ports, reduced to what
 * clients need: each new connection goes to the next node in turn, skipping nodes that refuse
 * it. SDK engines use it as their navigation server, so a client whose node died still finds
 * navigation (on a live node) without the test telling it where.
 */
public final class NaviBalancer implements AutoCloseable {
    private final Supplier<List<Integer>> httpPorts;
    private final ServerSocket listener;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    /** @param httpPorts the nodes' HTTP ports, asked afresh for every connection */
    public NaviBalancer(Supplier<List<Integer>> httpPorts) {
        this.httpPorts = httpPorts;
        try {
            listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "navi-balancer-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The URL to give SDK engines as {@code naviServer}. */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
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
            Socket server = connectToSomeNode();
            if (server == null) {
                closeQuietly(client);
                continue;
            }
            pump(client, server);
            pump(server, client);
        }
    }

    private Socket connectToSomeNode() {
        List<Integer> ports = httpPorts.get();
        int start = next.getAndIncrement();
        for (int i = 0; i < ports.size(); i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        ports.get(Math.floorMod(start + i, ports.size()))), 500);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
        return null;
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "navi-balancer-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
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
    }
}
