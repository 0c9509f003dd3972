package dev.parley.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClusterMeasureTest {
    @Test
    void walPositionsParseAndDiff() {
        WalLsn a = WalLsn.parse("16/B374D848");
        assertThat(a.position()).isEqualTo(0x16_B374D848L);
        assertThat(WalLsn.parse("0/0").position()).isZero();
        WalLsn b = WalLsn.parse("17/00000010");
        assertThat(b.bytesSince(a)).isEqualTo(0x17_00000010L - 0x16_B374D848L);
        assertThat(WalLsn.parse(" 0/1A \n").toString()).isEqualTo("0/1A");
    }

    @Test
    void malformedWalPositionsAreRefused() {
        for (String bad : new String[] {"", "16", "/1", "1/", "1/2/3", "G/1", "100000000/0", "-1/0"}) {
            assertThatThrownBy(() -> WalLsn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void backendsOfTheRunsDatabaseAreToldApart() {
        assertThat(ServiceCpu.servesDatabase("postgres: 15/main: root parley_bench_abc 127.0.0.1(5555) idle",
                "parley_bench_abc")).isTrue();
        assertThat(ServiceCpu.servesDatabase("postgres: root parley_bench_abc [local] idle", "parley_bench_abc"))
                .isTrue();
        assertThat(ServiceCpu.servesDatabase("postgres: 15/main: root test 127.0.0.1(5555) idle", "parley_bench_abc"))
                .isFalse();
        assertThat(ServiceCpu.servesDatabase("postgres: 15/main: walwriter", "parley_bench_abc")).isFalse();
        // a user named like the database is the user, not the database
        assertThat(ServiceCpu.servesDatabase("postgres: 15/main: parley_bench_abc test 127.0.0.1(1) idle",
                "parley_bench_abc")).isFalse();
        assertThat(ServiceCpu.servesDatabase("/usr/lib/postgresql/15/bin/postgres -D /var/lib", "x")).isFalse();
    }

    @Test
    void servicesSumOwnAndReapedChildrensCpu() {
        String stat = "2226 (postgres) S 1 2226 2226 0 -1 4194560 100 200 0 0 7 3 11 13 20 0 1 0";
        ServiceCpu.Proc postmaster = ServiceCpu.parse(2226, "postgres", "/usr/lib/postgresql/15/bin/postgres", stat);
        assertThat(postmaster.own()).isEqualTo(new CpuTimes(ClockTicks.toNanos(7), ClockTicks.toNanos(3)));
        assertThat(postmaster.reapedChildren()).isEqualTo(new CpuTimes(ClockTicks.toNanos(11), ClockTicks.toNanos(13)));
        ServiceCpu.Proc backend = new ServiceCpu.Proc(3000, "postgres", "postgres: 15/main: root db1 127.0.0.1(1) idle",
                new CpuTimes(100, 0), CpuTimes.ZERO);
        ServiceCpu.Proc other = new ServiceCpu.Proc(3001, "postgres", "postgres: 15/main: root test 127.0.0.1(2) idle",
                new CpuTimes(50, 0), CpuTimes.ZERO);
        ServiceCpu.Proc redis = new ServiceCpu.Proc(4000, "redis-server", "redis-server 127.0.0.1:6379",
                new CpuTimes(5, 5), new CpuTimes(1, 0));
        ServiceCpu.Totals t = ServiceCpu.totals(List.of(postmaster, backend, other, redis), "db1");
        assertThat(t.postgres().totalNanos()).isEqualTo(postmaster.own().totalNanos()
                + postmaster.reapedChildren().totalNanos() + 150);
        assertThat(t.benchBackends().totalNanos()).isEqualTo(100);
        assertThat(t.redis().totalNanos()).isEqualTo(11);
        assertThat(t.postgresProcs()).isEqualTo(3);
        assertThat(t.redisProcs()).isEqualTo(1);
    }

    @Test
    void aPhasesServiceUsageIsTheDifferenceOfTwoReadings() {
        ServicesReading before = new ServicesReading(Optional.of(new ServiceCpu.Totals(new CpuTimes(1_000, 0),
                new CpuTimes(100, 0), new CpuTimes(10, 0), 5, 1)), Optional.of(WalLsn.parse("0/1000")),
                OptionalLong.of(40));
        ServicesReading after = new ServicesReading(Optional.of(new ServiceCpu.Totals(new CpuTimes(3_000, 500),
                new CpuTimes(600, 0), new CpuTimes(2_010, 0), 6, 1)), Optional.of(WalLsn.parse("0/5000")),
                OptionalLong.of(140));
        ServicesUsage u = after.since(before);
        assertThat(u.isEmpty()).isFalse();
        assertThat(u.postgres()).contains(new CpuTimes(2_000, 500));
        assertThat(u.benchBackends()).contains(new CpuTimes(500, 0));
        assertThat(u.redis()).contains(new CpuTimes(2_000, 0));
        assertThat(u.walBytes()).hasValue(0x4000);
        assertThat(u.commits()).hasValue(100);
        assertThat(u.walBytesPer(0x400)).hasValue(16.0);
        assertThat(ServicesUsage.microsPer(u.redis(), 2)).hasValue(1.0);
        assertThat(ServicesUsage.microsPer(u.redis(), 0)).isEmpty();
    }

    @Test
    void nothingIsKnownOutsideAClusterRun() {
        assertThat(ServicesReading.EMPTY.since(ServicesReading.EMPTY).isEmpty()).isTrue();
        assertThat(ServicesMeter.NONE.read()).isEqualTo(ServicesReading.EMPTY);
    }
}
