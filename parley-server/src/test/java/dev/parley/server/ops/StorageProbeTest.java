package dev.parley.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ops.ComponentHealth.State;
import dev.parley.server.ops.ComponentHealth.Status;
import dev.parley.server.store.Database;
import dev.parley.server.support.ClusterServices;
import dev.parley.server.support.TestNode;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class StorageProbeTest {

    @Test
    void aPostgresDatabaseThatAnswersIsUp() throws Exception {
        try (ClusterServices.PostgresDatabase pg = ClusterServices.freshDatabase();
             Database db = Database.openPostgres(pg.jdbcUrl(), pg.user(), null);
             StorageProbe probe = StorageProbe.of("PostgreSQL " + pg.jdbcUrl(), db.dataSource())) {
            State s = probe.checkAsync().get(5, TimeUnit.SECONDS);

            assertThat(s.status()).isEqualTo(Status.UP);
            assertThat(s.detail()).isEqualTo("PostgreSQL " + pg.jdbcUrl());
        }
    }

    @Test
    void aPostgresThatDoesNotListenIsDownWithTheReason() throws Exception {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + TestNode.freePort() + "/parley");
        nowhere.setConnectTimeout(1);
        try (StorageProbe probe = StorageProbe.of("PostgreSQL nowhere", nowhere)) {
            State s = probe.checkAsync().get(5, TimeUnit.SECONDS);

            assertThat(s.status()).isEqualTo(Status.DOWN);
            assertThat(s.detail()).startsWith("PostgreSQL nowhere: ").containsIgnoringCase("refused");
        }
    }

    @Test
    void aProbeWithNoAnswerIsDownAfterTheTimeoutWithoutHoldingTheCaller() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (StorageProbe probe = new StorageProbe("stuck", never::await, Clock.systemUTC())) {
            long start = System.nanoTime();
            State s = probe.checkAsync().get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(s.status()).isEqualTo(Status.DOWN);
            assertThat(s.detail()).isEqualTo("stuck: no answer within 2000 ms");
            assertThat(millis).isBetween(1900L, 4000L);
        } finally {
            never.countDown();
        }
    }

    @Test
    void answersAreReusedForASecondSoPollingCostsTheDatabaseLittle() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        try (StorageProbe probe = new StorageProbe("counted", probes::incrementAndGet, Clock.systemUTC())) {
            for (int i = 0; i < 20; i++) {
                assertThat(probe.checkAsync().get(5, TimeUnit.SECONDS).status()).isEqualTo(Status.UP);
            }
            assertThat(probes.get()).isBetween(1, 2);
        }
    }

    @Test
    void aFailingProbeIsDownAndTheNextSuccessIsUpAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StorageProbe.Probe flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.sql.SQLException("database is locked");
            }
        };
        try (StorageProbe probe = new StorageProbe("flaky", flaky, Clock.systemUTC())) {
            assertThat(probe.checkAsync().get(5, TimeUnit.SECONDS))
                    .extracting(State::status, State::detail).containsExactly(Status.DOWN, "flaky: database is locked");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> probe.checkAsync().get(5, TimeUnit.SECONDS).status() == Status.UP);
            assertThat(probe.check().status()).isEqualTo(Status.UP);
        }
    }
}
