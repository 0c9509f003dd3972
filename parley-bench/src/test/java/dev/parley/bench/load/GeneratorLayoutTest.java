package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratorLayoutTest {
    private static final long LIMIT = 20_000;

    @Test
    void aFewThousandEnginesFitInThisJvm() {
        assertThat(GeneratorLayout.choose(0, 2_000, LIMIT, true)).isEqualTo(new GeneratorLayout(1, true));
    }

    @Test
    void nineteenThousandNeedFourChildrenAtFourDescriptorsEach() {
        assertThat(GeneratorLayout.choose(0, 19_000, LIMIT, false)).isEqualTo(new GeneratorLayout(4, false));
    }

    @Test
    void anInProcessNodeSpendsTheBenchJvmsDescriptorsToo() {
        // 4,000 engines × 5 descriptors (4 client + 1 server) do not fit beside the reserve
        assertThat(GeneratorLayout.choose(0, 4_000, LIMIT, true).inThisJvm()).isFalse();
        assertThat(GeneratorLayout.choose(0, 4_000, LIMIT, false).inThisJvm()).isTrue();
    }

    @Test
    void anExplicitCountIsObeyed() {
        assertThat(GeneratorLayout.choose(1, 50_000, LIMIT, false)).isEqualTo(new GeneratorLayout(1, true));
        assertThat(GeneratorLayout.choose(3, 10, LIMIT, false)).isEqualTo(new GeneratorLayout(3, false));
        assertThatThrownBy(() -> GeneratorLayout.choose(-1, 10, LIMIT, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
