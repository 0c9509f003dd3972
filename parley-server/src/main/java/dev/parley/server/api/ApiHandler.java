package dev.parley.server.api;

import java.util.Map;

/** One Server API endpoint: a signed request in, the fields of the JSON answer out (code 200 added). */
@FunctionalInterface
public interface ApiHandler {
    Map<String, Object> handle(ApiRequest request);
}
