package dev.parley.server.ops;

import dev.parley.server.http.HttpResponses;
import dev.parley.server.http.HttpRoute;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code /metrics} (Prometheus text format); {@code /health} is {@link HealthRoute}. */
public final class OpsRoutes {
    private OpsRoutes() {
    }

    public static HttpRoute metrics(PrometheusMeterRegistry registry) {
        return (ctx, req, keepAlive) -> HttpResponses.text(ctx, keepAlive,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }
}
