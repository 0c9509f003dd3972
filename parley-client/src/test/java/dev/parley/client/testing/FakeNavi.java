package dev.parley.client.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.protocol.TokenClaims;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scriptable navigation endpoint ({@code POST /navi.json}) on an ephemeral port. By default
 * it sends clients to a {@link FakeGateway}; tests can make it refuse with a code or point at
 * other addresses. Records every request it served.
 */
public final class FakeNavi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one request looked like. */
    public record Request(String method, String contentType, Map<String, String> form) {
    }

    private final HttpServer server;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** 200 for a normal answer, anything else to refuse with that code. */
    public volatile int code = 200;
    public volatile List<String> tcp = List.of();
    public volatile List<String> ws = List.of();
    public volatile long heartbeatIntervalMs = 30_000;

    public FakeNavi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext("/navi.json", this::handle);
        server.start();
    }

    /** Sends clients to {@code gateway}. */
    public FakeNavi pointAt(FakeGateway gateway) {
        tcp = List.of(gateway.tcpAddress());
        ws = List.of(gateway.wsUrl());
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = parseForm(body);
            requests.add(new Request(exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), form));
            Map<String, Object> answer = new LinkedHashMap<>();
            int c = code;
            answer.put("code", c);
            if (c == 200) {
                answer.put("userId", TokenClaims.parse(form.getOrDefault("token", "")).map(TokenClaims::userId).orElse(""));
                answer.put("tcp", tcp);
                answer.put("ws", ws);
                answer.put("heartbeatIntervalMs", heartbeatIntervalMs);
            } else {
                answer.put("errorMessage", "refused by the fake");
            }
            byte[] bytes = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
