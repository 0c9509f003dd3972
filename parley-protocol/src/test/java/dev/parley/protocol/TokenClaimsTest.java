package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class TokenClaimsTest {

    @Test
    void claimsRoundTripThroughTokenText() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 64),
                        strings().betweenCodePoints(0x21, 0xD7FF).ofLengthBetween(1, 20),
                        longs().between(0, Long.MAX_VALUE), longs().between(0, Long.MAX_VALUE))
            .checkAssert((user, app, iat, exp) -> {
                TokenClaims c = new TokenClaims(app, user, iat, exp);
                String token = TokenClaims.format(c.toBytes(), new byte[16]);
                assertThat(token).doesNotContain("+", "/", "=");
                assertThat(TokenClaims.parse(token)).contains(c);
            });
    }

    @Test
    void longestRealisticTokenFitsIn256Bytes() {
        TokenClaims c = new TokenClaims("a".repeat(32), "u".repeat(64), Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(TokenClaims.format(c.toBytes(), new byte[16]).length()).isLessThanOrEqualTo(256);
    }

    @Test
    void malformedTextIsEmptyNotAnException() {
        for (String bad : new String[] {null, "", ".", "abc", "a.b.c", "!!!.abc", "AQ.AA", "x".repeat(300)}) {
            assertThat(TokenClaims.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
        qt().forAll(strings().allPossible().ofLengthBetween(0, 300))
            .checkAssert(s -> TokenClaims.parse(s)); // never throws
    }

    @Test
    void expiryZeroMeansNever() {
        assertThat(new TokenClaims("a", "u", 1, 0).expiredAt(Long.MAX_VALUE)).isFalse();
        assertThat(new TokenClaims("a", "u", 1, 10).expiredAt(10)).isTrue();
        assertThat(new TokenClaims("a", "u", 1, 10).expiredAt(9)).isFalse();
    }
}
