package dev.parley.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleFramesTest {
    @Test
    void theMessageFrameIsMessageSized() {
        assertThat(SampleFrames.message().getSerializedSize()).isBetween(180, 230);
    }

    @Test
    void theConnectFrameCarriesATokenOfRealisticLength() {
        assertThat(SampleFrames.connect().hasConnect()).isTrue();
        assertThat(SampleFrames.connect().getConnect().getToken().length()).isBetween(60, 256);
    }
}
