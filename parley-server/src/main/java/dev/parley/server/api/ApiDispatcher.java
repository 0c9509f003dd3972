package dev.parley.server.api;

import dev.parley.server.auth.App;
import dev.parley.server.http.FormBody;
import dev.parley.server.http.HttpResponses;
import dev.parley.server.http.HttpRoute;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Server API: checks the signature on the event loop (memory only), parses the
 * form body, then runs the endpoint on the business executor since endpoints touch storage.
 */
public final class ApiDispatcher implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);

    private final Map<String, ApiHandler> endpoints = new HashMap<>();
    private final ApiAuthenticator authenticator;
    private final Executor executor;
    private final MeterRegistry metrics;

    public ApiDispatcher(ApiAuthenticator authenticator, Executor executor, MeterRegistry metrics) {
        this.authenticator = authenticator;
        this.executor = executor;
        this.metrics = metrics;
    }

    public ApiDispatcher register(String path, ApiHandler handler) {
        endpoints.put(path, handler);
        return this;
    }

    @Override
    public void serve(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        String path = new QueryStringDecoder(req.uri()).path();
        ApiHandler handler = endpoints.get(path);
        if (handler == null) {
            // Named, so a developer tells an unsupported feature from a wrong host or a typo.
            HttpResponses.error(ctx, keepAlive, 404, 404, MissingCapabilities.describe(path));
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            HttpResponses.error(ctx, keepAlive, 405, ApiErrors.BAD_PARAMETER, "use POST");
            return;
        }
        App app;
        Map<String, List<String>> params;
        try {
            app = authenticator.authenticate(req.headers());
            params = parseBody(req);
        } catch (ApiException e) {
            count(path, e.code());
            HttpResponses.error(ctx, keepAlive, e.httpStatus(), e.code(), e.getMessage());
            return;
        }
        ApiRequest request = new ApiRequest(app, params);
        try {
            executor.execute(() -> run(ctx, keepAlive, path, handler, request));
        } catch (RejectedExecutionException e) {
            count(path, ApiErrors.RATE_LIMITED);
            HttpResponses.error(ctx, keepAlive, 429, ApiErrors.RATE_LIMITED, "server busy, retry later");
        }
    }

    private void run(ChannelHandlerContext ctx, boolean keepAlive, String path, ApiHandler handler, ApiRequest request) {
        Timer.Sample sample = Timer.start(metrics);
        int code = ApiErrors.OK;
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", ApiErrors.OK);
            body.putAll(handler.handle(request));
            HttpResponses.json(ctx, keepAlive, 200, body);
        } catch (ApiException e) {
            code = e.code();
            HttpResponses.error(ctx, keepAlive, e.httpStatus(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            code = ApiErrors.INTERNAL;
            log.error("{} failed for app {}", path, request.app().appKey(), e);
            HttpResponses.error(ctx, keepAlive, 500, ApiErrors.INTERNAL, "internal error");
        } finally {
            sample.stop(metrics.timer("parley.api.requests", "path", path, "code", Integer.toString(code)));
        }
    }

    private void count(String path, int code) {
        metrics.counter("parley.api.refused", "path", path, "code", Integer.toString(code)).increment();
    }

    private static Map<String, List<String>> parseBody(FullHttpRequest req) {
        String body = req.content().toString(StandardCharsets.UTF_8);
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (!body.isEmpty() && type != null && !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw ApiException.badParameter("Content-Type must be application/x-www-form-urlencoded");
        }
        try {
            return FormBody.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("malformed form body: " + e.getMessage());
        }
    }
}
