package dev.parley.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CpuUsageTest {
    private static final long S = 1_000_000_000L;

    @Test
    void coresAreCpuTimeOverWallTimeAndOthersAreWhatIsLeft() {
        CpuUsage u = new CpuUsage(4.0, Optional.of(new CpuTimes(2 * S, 2 * S)), Optional.of(new CpuTimes(2 * S, 0)),
                OptionalLong.of(7 * S), false);
        assertThat(u.serverCores().orElseThrow()).isCloseTo(1.0, within(1e-9));
        assertThat(u.generatorCores().orElseThrow()).isCloseTo(0.5, within(1e-9));
        assertThat(u.machineCores().orElseThrow()).isCloseTo(1.75, within(1e-9));
        assertThat(u.otherSeconds().orElseThrow()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void inOneJvmTheServerIsNotCountedTwice() {
        CpuTimes both = new CpuTimes(3 * S, 0);
        CpuUsage u = new CpuUsage(2.0, Optional.of(both), Optional.of(both), OptionalLong.of(4 * S), true);
        assertThat(u.otherSeconds().orElseThrow()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aRemoteServerLeavesOthersUnknown() {
        CpuUsage u = new CpuUsage(1.0, Optional.empty(), Optional.of(CpuTimes.ZERO), OptionalLong.of(S), false);
        assertThat(u.otherSeconds()).isEmpty();
        assertThat(u.serverCores()).isEmpty();
    }
}
