package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiSignatureTest {
    @Test
    void specTestVector() {
        assertThat(ApiSignature.compute("Y1W2MeFwwwRxa0", "14314", "1408710653000"))
                .isEqualTo("30be0bbca9c9b2e27578701e9fda2358a814c88f");
    }

    @Test
    void matchesIgnoresHexCaseButNothingElse() {
        assertThat(ApiSignature.matches("Y1W2MeFwwwRxa0", "14314", "1408710653000",
                "30BE0BBCA9C9B2E27578701E9FDA2358A814C88F")).isTrue();
        assertThat(ApiSignature.matches("Y1W2MeFwwwRxa0", "14315", "1408710653000",
                "30be0bbca9c9b2e27578701e9fda2358a814c88f")).isFalse();
        assertThat(ApiSignature.matches("Y1W2MeFwwwRxa0", "14314", "1408710653000", "")).isFalse();
    }
}
