package dev.parley.client.testing;

import dev.parley.protocol.TokenClaims;

/** Token text shaped like the server's, with a dummy MAC: the fakes verify nothing. */
public final class Tokens {
    private Tokens() {
    }

    public static String forUser(String appKey, String userId) {
        return forUser(appKey, userId, System.currentTimeMillis());
    }

    /** A token issued at {@code issuedAtMillis}: tokens of one user with different times differ. */
    public static String forUser(String appKey, String userId, long issuedAtMillis) {
        byte[] claims = new TokenClaims(appKey, userId, issuedAtMillis, 0).toBytes();
        return TokenClaims.format(claims, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    }
}
