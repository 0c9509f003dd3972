package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** Gateway counters and gauges exported on /metrics. */
public final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Counter authTimeouts;
    private final Counter idleTimeouts;
    private final Counter protocolViolations;
    private final Counter accepted;
    private final Counter writeStalls;
    private final AtomicLong requestsInFlight = new AtomicLong();
    private final AtomicLong requestsWaiting = new AtomicLong();

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
        writeStalls = Counter.builder("parley.gateway.write.stalls")
                .description("connections closed for reading none of our answers for the stall timeout")
                .register(registry);
        Gauge.builder("parley.gateway.requests.in.flight", requestsInFlight, AtomicLong::get)
                .description("client requests queued on or running on the messaging executors").register(registry);
        Gauge.builder("parley.gateway.requests.waiting", requestsWaiting, AtomicLong::get)
                .description("client requests read but waiting for their connection's in-flight window")
                .register(registry);
        Gauge.builder("parley.gateway.outbound.pending.bytes", sessions, GatewayMetrics::pendingOutboundBytes)
                .description("bytes written to sessions that their sockets have not taken yet").register(registry);
    }

    private static double pendingOutboundBytes(SessionRegistry sessions) {
        long[] total = new long[1];
        sessions.forEach(s -> {
            ChannelOutboundBuffer pending = s.channel().unsafe().outboundBuffer();
            if (pending != null) {
                total[0] += pending.totalPendingWriteBytes();
            }
        });
        return total[0];
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

    void writeStall() {
        writeStalls.increment();
    }

    void requestsInFlight(int delta) {
        requestsInFlight.addAndGet(delta);
    }

    void requestsWaiting(int delta) {
        requestsWaiting.addAndGet(delta);
    }
}
