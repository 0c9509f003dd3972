package dev.parley.server.ops;

import dev.parley.server.http.HttpResponses;
import dev.parley.server.http.HttpRoute;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code /health}: asks every component (without blocking the event loop: a component that
 * must ask its server answers later, within about two seconds) and answers the
 * {@link HealthReport}, HTTP 200 or 503.
 */
public final class HealthRoute implements HttpRoute {
    private final String node;
    private final BooleanSupplier draining;
    private final IntSupplier sessions;
    private final Map<String, ComponentHealth> components = new ConcurrentHashMap<>();

    public HealthRoute(String node, BooleanSupplier draining, IntSupplier sessions) {
        this.node = node;
        this.draining = draining;
        this.sessions = sessions;
    }

    /** Adds (or replaces) the component reported as {@code name}. */
    public void add(String name, ComponentHealth component) {
        components.put(name, component);
    }

    /** The report as of now, asking every component. */
    public CompletableFuture<HealthReport> report() {
        Map<String, CompletableFuture<ComponentHealth.State>> asked = new LinkedHashMap<>();
        components.forEach((name, c) -> asked.put(name, ask(name, c)));
        return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, ComponentHealth.State> states = new LinkedHashMap<>();
            asked.forEach((name, f) -> states.put(name, f.join()));
            return new HealthReport(node, draining.getAsBoolean(), sessions.getAsInt(), states);
        });
    }

    private static CompletableFuture<ComponentHealth.State> ask(String name, ComponentHealth c) {
        try {
            return c.checkAsync().exceptionally(e -> failed(name, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(name, e));
        }
    }

    private static ComponentHealth.State failed(String name, Throwable e) {
        return new ComponentHealth.State(ComponentHealth.Status.DOWN, name + " check failed: " + e, Instant.now());
    }

    @Override
    public void serve(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        report().thenAccept(r -> {
            if (ctx.executor().inEventLoop()) {
                HttpResponses.json(ctx, keepAlive, r.httpStatus(), r.body());
            } else {
                ctx.executor().execute(() -> HttpResponses.json(ctx, keepAlive, r.httpStatus(), r.body()));
            }
        });
    }
}
