package dev.parley.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The Server API request signature: lowercase hex SHA-1 of AppSecret + Nonce + Timestamp. */
public final class ApiSignature {
    private ApiSignature() {
    }

    public static String compute(String appSecret, String nonce, String timestamp) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((appSecret + nonce + timestamp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison, accepting upper-case hex as some clients send it. */
    public static boolean matches(String appSecret, String nonce, String timestamp, String signature) {
        byte[] expected = compute(appSecret, nonce, timestamp).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
