package dev.parley.client.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * One gateway endpoint from the navigation answer: {@code host:port} for TCP
 * ({@code [v6]:port} for IPv6) or a {@code ws://} / {@code wss://} URL for WebSocket.
 */
record GatewayAddress(String host, int port, URI webSocketUri) {

    /** Parses a TCP entry such as {@code 127.0.0.1:7001}. */
    static GatewayAddress tcp(String hostPort) {
        try {
            URI uri = new URI("tcp://" + hostPort);
            if (uri.getHost() == null || uri.getPort() <= 0) {
                throw new IllegalArgumentException("not host:port: " + hostPort);
            }
            return new GatewayAddress(stripBrackets(uri.getHost()), uri.getPort(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not host:port: " + hostPort, e);
        }
    }

    /** Parses a WebSocket URL such as {@code ws://127.0.0.1:7000/ws}. */
    static GatewayAddress webSocket(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("ws") || scheme.equals("wss")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not a ws:// or wss:// URL: " + url);
            }
            int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("wss") ? 443 : 80;
            return new GatewayAddress(stripBrackets(uri.getHost()), port, uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
    }

    boolean isWebSocket() {
        return webSocketUri != null;
    }

    boolean isSecure() {
        return webSocketUri != null && "wss".equalsIgnoreCase(webSocketUri.getScheme());
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return isWebSocket() ? webSocketUri.toString() : host + ":" + port;
    }
}
