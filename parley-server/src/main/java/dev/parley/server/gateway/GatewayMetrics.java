package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Gateway counters and gauges exported on /metrics. */
public final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Counter authTimeouts;
    private final Counter idleTimeouts;
    private final Counter protocolViolations;
    private final Counter accepted;

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
        accepted = connects(ErrorCode.SUCCESS);
    }

    private Counter connects(int code) {
        return registry.counter("parley.gateway.connects", "code", Integer.toString(code));
    }

    void connected(int code) {
        // Success is looked up once: a registry lookup builds tags and hashes them every time.
        (code == ErrorCode.SUCCESS ? accepted : connects(code)).increment();
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
