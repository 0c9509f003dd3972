package dev.parley.server.auth;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.TokenClaims;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies tokens. A token is its claims (app, user, issue and expiry times) plus
 * an HMAC-SHA256 of them, truncated to 128 bits, keyed by a key derived from the App Secret.
 * Verifying is a MAC and two in-memory lookups: no database read.
 */
public final class TokenService {
    private static final int MAC_BYTES = 16;
    private static final byte[] KEY_LABEL = "parley-token-v1".getBytes(StandardCharsets.US_ASCII);

    private final Restrictions restrictions;
    private final Clock clock;

    public TokenService(Restrictions restrictions, Clock clock) {
        this.restrictions = restrictions;
        this.clock = clock;
    }

    /** Outcome of a verification: code 0 with the user id, or 31004 with the reason. */
    public record Verification(int code, String userId, String detail) {
        public boolean ok() {
            return code == ErrorCode.SUCCESS;
        }

        static Verification refused(String detail) {
            return new Verification(ErrorCode.RC_CONN_TOKEN_INCORRECT, null, detail);
        }
    }

    public String issue(App app, String userId) {
        long now = clock.millis();
        long expires = app.tokenTtlSeconds() > 0 ? now + app.tokenTtlSeconds() * 1000 : 0;
        byte[] claims = new TokenClaims(app.appKey(), userId, now, expires).toBytes();
        return TokenClaims.format(claims, mac(app.tokenKey(), claims));
    }

    /** Verifies a token presented for {@code app}; the reason of a refusal goes to {@code detail}. */
    public Verification verify(App app, String token) {
        Optional<TokenClaims.Parts> parts = TokenClaims.split(token);
        if (parts.isEmpty()) {
            return Verification.refused("malformed token");
        }
        TokenClaims claims = parts.get().claims();
        if (!claims.appKey().equals(app.appKey())) {
            return Verification.refused("token belongs to another app");
        }
        if (!MessageDigest.isEqual(mac(app.tokenKey(), parts.get().claimBytes()), parts.get().mac())) {
            return Verification.refused("bad signature (forged, or issued before the app secret was reset)");
        }
        if (claims.expiredAt(clock.millis())) {
            return Verification.refused("token expired");
        }
        if (claims.issuedAtMillis() < restrictions.tokenInvalidBefore(app.appKey(), claims.userId())) {
            return Verification.refused("token revoked");
        }
        return new Verification(ErrorCode.SUCCESS, claims.userId(), "");
    }

    static byte[] deriveKey(String appSecret) {
        return hmac(appSecret.getBytes(StandardCharsets.UTF_8), KEY_LABEL);
    }

    private static byte[] mac(byte[] key, byte[] data) {
        return Arrays.copyOf(hmac(key, data), MAC_BYTES);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // Looking up the provider is the costly part of a MAC; each thread keeps one and re-keys it.
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
}
