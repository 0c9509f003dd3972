package dev.parley.server.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Gateway counters and gauges exported on /metrics. */
public final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Counter authTimeouts;
    private final Counter idleTimeouts;
    private final Counter protocolViolations;

    public GatewayMetrics(MeterRegistry registry, SessionRegistry sessions) {
        this.registry = registry;
        Gauge.builder("parley.gateway.sessions", sessions, SessionRegistry::size)
                .description("authenticated client sessions on this node").register(registry);
        authTimeouts = Counter.builder("parley.gateway.auth.timeouts")
                .description("sockets closed for not authenticating in time").register(registry);
        idleTimeouts = Counter.builder("parley.gateway.idle.timeouts")
                .description("sessions closed after sending nothing for the idle timeout").register(registry);
        protocolViolations = Counter.builder("parley.gateway.protocol.violations")
                .description("connections closed for undecodable or out-of-order frames").register(registry);
    }

    void connected(int code) {
        registry.counter("parley.gateway.connects", "code", Integer.toString(code)).increment();
    }

    void authTimeout() {
        authTimeouts.increment();
    }

    public void idleTimeout() {
        idleTimeouts.increment();
    }

    void protocolViolation() {
        protocolViolations.increment();
    }
}
