package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ops.ComponentHealth.State;
import dev.parley.server.ops.ComponentHealth.Status;
import dev.parley.server.support.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final State UP = new State(Status.UP, "fine", T);
    private static final State DOWN = new State(Status.DOWN, "gone", T);

    @Test
    void everyComponentUpIsUpAnd200() {
        HealthReport r = new HealthReport("n1", false, 3, Map.of("storage", UP, "redis", UP));
        assertThat(r.status()).isEqualTo(HealthReport.Status.UP);
        assertThat(r.httpStatus()).isEqualTo(200);
    }

    @Test
    void aComponentOtherThanStorageDownIsDegradedAndStill200() {
        HealthReport r = new HealthReport("n1", false, 3, Map.of("storage", UP, "redis", DOWN));
        assertThat(r.status()).isEqualTo(HealthReport.Status.DEGRADED);
        assertThat(r.httpStatus()).isEqualTo(200);
    }

    @Test
    void drainingIs503() {
        HealthReport r = new HealthReport("n1", true, 3, Map.of("storage", UP, "redis", DOWN));
        assertThat(r.status()).isEqualTo(HealthReport.Status.DRAINING);
        assertThat(r.httpStatus()).isEqualTo(503);
    }

    @Test
    void storageDownIsDownAnd503EvenWhileDraining() {
        assertThat(new HealthReport("n1", false, 0, Map.of("storage", DOWN)).status()).isEqualTo(HealthReport.Status.DOWN);
        HealthReport r = new HealthReport("n1", true, 0, Map.of("storage", DOWN, "redis", UP));
        assertThat(r.status()).isEqualTo(HealthReport.Status.DOWN);
        assertThat(r.httpStatus()).isEqualTo(503);
    }

    @Test
    void theBodyKeepsCodeStatusAndSessionsAndAddsNodeAndComponents() {
        Map<String, Object> body = new HealthReport("embedded", false, 7, Map.of("storage", UP)).body();

        assertThat(body).containsEntry("code", 200).containsEntry("status", "UP").containsEntry("node", "embedded")
                .containsEntry("sessions", 7);
        assertThat(body.get("components")).isEqualTo(Map.of("storage",
                Map.of("status", "UP", "detail", "fine", "since", "2026-01-01T00:00:00Z")));
    }

    @Test
    void aComponentStateMovesSinceOnlyWhenItsStatusChanges() {
        MutableClock clock = new MutableClock(T.toEpochMilli());
        ComponentState redis = new ComponentState(clock, "connecting");
        assertThat(redis.check().status()).isEqualTo(Status.DOWN);

        clock.advance(1000);
        redis.up("connected");
        clock.advance(1000);
        redis.up("connected again");

        assertThat(redis.check()).isEqualTo(new State(Status.UP, "connected again", T.plusSeconds(1)));
        clock.advance(1000);
        redis.down("connection refused");
        assertThat(redis.check().since()).isEqualTo(T.plusSeconds(3));
    }
}
