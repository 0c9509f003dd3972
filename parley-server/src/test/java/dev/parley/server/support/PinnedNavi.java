package dev.parley.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A navigation server for tests that pins a device to one cluster node: it asks that node's
 * {@code /navi.json} (so authentication is the node's) and answers with that node's gateway
 * only, where the cluster's navigation would name every live node, least loaded first.
 */
public final class PinnedNavi implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    /** @param httpUrl the node's HTTP base URL; @param tcpPort its TCP gateway port on loopback */
    public PinnedNavi(String httpUrl, int tcpPort) {
        this(httpUrl, "127.0.0.1:" + tcpPort);
    }

    /** As above, naming {@code tcpAddress} (e.g. a {@link TcpProxy} in front of the node) as the gateway. */
    public PinnedNavi(String httpUrl, String tcpAddress) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/navi.json", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer;
            try {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl + "/navi.json"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                ObjectNode json = (ObjectNode) JSON.readTree(res.body());
                if (json.has("tcp")) {
                    json.putArray("tcp").add(tcpAddress);
                    json.putArray("ws");
                }
                answer = JSON.writeValueAsBytes(json);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = "{\"code\":500}".getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** The URL to give an engine as its navigation server. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
