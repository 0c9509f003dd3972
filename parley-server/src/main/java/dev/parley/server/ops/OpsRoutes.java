package dev.parley.server.ops;

import dev.parley.server.http.HttpResponses;
import dev.parley.server.http.HttpRoute;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.IntSupplier;

/** {@code /health} and {@code /metrics} (Prometheus text format). */
public final class OpsRoutes {
    private OpsRoutes() {
    }

    public static HttpRoute health(IntSupplier sessions) {
        return (ctx, req, keepAlive) -> HttpResponses.json(ctx, keepAlive, 200,
                Map.of("code", 200, "status", "UP", "sessions", sessions.getAsInt()));
    }

    public static HttpRoute metrics(PrometheusMeterRegistry registry) {
        return (ctx, req, keepAlive) -> HttpResponses.text(ctx, keepAlive,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }
}
