package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceAddressesTest {
    @Test
    void noneLeavesTheChoiceToTheOs() {
        assertThat(new SourceAddresses(0).forEngine(7)).isNull();
    }

    @Test
    void enginesRoundRobinFrom127002() {
        SourceAddresses s = new SourceAddresses(3);
        assertThat(s.forEngine(0).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(s.forEngine(1).getHostAddress()).isEqualTo("127.0.0.3");
        assertThat(s.forEngine(2).getHostAddress()).isEqualTo("127.0.0.4");
        assertThat(s.forEngine(3).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(new SourceAddresses(SourceAddresses.MAX).forEngine(252).getHostAddress()).isEqualTo("127.0.0.254");
    }

    @Test
    void moreThanTheLoopbackLastOctetAllowsIsRefused() {
        assertThatThrownBy(() -> new SourceAddresses(254)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceAddresses(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
