package dev.parley.server.cluster.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
    private final EchoServer echo = new EchoServer();
    private final FaultProxy proxy = new FaultProxy("127.0.0.1", echo.port());

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void relaysBytesBothWays() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(roundTrip(s, "ping")).isEqualTo("ping");
        }
    }

    @Test
    void aCutResetsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        try (Socket open = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(roundTrip(open, "a")).isEqualTo("a");

            proxy.cut();

            assertThatThrownBy(() -> roundTrip(open, "b")).as("open connection reset").isInstanceOf(IOException.class);
            try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                assertThatThrownBy(() -> roundTrip(refused, "c")).as("new connection refused")
                        .isInstanceOf(IOException.class);
            }
            assertThat(proxy.openConnections()).isZero();
        }

        proxy.restore();

        try (Socket again = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertThat(roundTrip(again, "d")).isEqualTo("d");
        }
    }

    /** Writes {@code text}, reads as many bytes back; an IOException if the connection was reset or closed. */
    private static String roundTrip(Socket s, String text) throws IOException {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes());
        out.flush();
        InputStream in = s.getInputStream();
        byte[] back = in.readNBytes(text.length());
        if (back.length < text.length()) {
            throw new IOException("connection closed after " + back.length + " bytes");
        }
        return new String(back);
    }

    /** Echoes every byte back on every connection. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket listener;

        EchoServer() {
            try {
                listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread t = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        Thread echo = new Thread(() -> {
                            try (s) {
                                s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException ignored) {
                                // peer gone
                            }
                        });
                        echo.setDaemon(true);
                        echo.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
