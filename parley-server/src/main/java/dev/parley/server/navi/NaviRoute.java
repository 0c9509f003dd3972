package dev.parley.server.navi;

import dev.parley.server.auth.ConnectAuthenticator;
import dev.parley.protocol.Protocol;
import dev.parley.server.http.FormBody;
import dev.parley.server.http.HttpResponses;
import dev.parley.server.http.HttpRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /navi.json} (appKey, token): tells a client which gateways to use. The token is
 * checked here as at the gateway, so a doomed client learns its terminal code without
 * opening a socket. Refusals are HTTP 200 with the connect code: the SDK reads the body.
 * Counts its answers in {@code parley_navi_requests_total{code}} (200, or the refusal code).
 */
public final class NaviRoute implements HttpRoute {
    private final ConnectAuthenticator authenticator;
    private final GatewayDirectory addresses;
    private final long heartbeatIntervalMs;
    private final MeterRegistry metrics;
    private final Counter answered;

    public NaviRoute(ConnectAuthenticator authenticator, GatewayDirectory addresses, long heartbeatIntervalMs,
                     MeterRegistry metrics) {
        this.authenticator = authenticator;
        this.addresses = addresses;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.metrics = metrics;
        this.answered = counter(200);
    }

    private Counter counter(int code) {
        return Counter.builder("parley.navi.requests")
                .description("Navigation requests, by answer code (200 or the refusal code)")
                .tag("code", Integer.toString(code))
                .register(metrics);
    }

    @Override
    public void serve(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        Map<String, List<String>> form;
        try {
            form = FormBody.parse(req.content().toString(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            counter(1002).increment();
            HttpResponses.error(ctx, keepAlive, 400, 1002, "malformed form body");
            return;
        }
        String appKey = first(form, "appKey");
        String token = first(form, "token");
        if (appKey == null || token == null) {
            counter(1002).increment();
            HttpResponses.error(ctx, keepAlive, 400, 1002, "appKey and token are required");
            return;
        }
        ConnectAuthenticator.Result auth = authenticator.authenticate(Protocol.VERSION, appKey, token);
        if (!auth.ok()) {
            counter(auth.code()).increment();
            HttpResponses.error(ctx, keepAlive, 200, auth.code(), auth.detail());
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 200);
        body.put("userId", auth.userId());
        GatewayDirectory.Gateways gateways = addresses.forClient(host,
                ((InetSocketAddress) ctx.channel().localAddress()).getPort());
        body.put("tcp", gateways.tcp());
        body.put("ws", gateways.ws());
        body.put("heartbeatIntervalMs", heartbeatIntervalMs);
        answered.increment();
        HttpResponses.json(ctx, keepAlive, 200, body);
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }
}
