package dev.parley.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The readable part of a Parley token: which app and user it belongs to and when it was
 * issued and expires. Token text is {@code base64url(claims) "." base64url(mac)}; this class
 * encodes and parses the claims half only. It proves nothing: the server checks the MAC.
 * The SDK reads the user id here so it can open the local database before any network trip.
 */
public record TokenClaims(String appKey, String userId, long issuedAtMillis, long expiresAtMillis) {
    private static final byte VERSION = 1;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** Whether the token has an expiry and it is at or before {@code nowMillis}. */
    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis > 0 && nowMillis >= expiresAtMillis;
    }

    /** Canonical bytes the MAC covers. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        out.write(VERSION);
        writeVarlong(out, issuedAtMillis);
        writeVarlong(out, expiresAtMillis);
        writeString(out, appKey);
        writeString(out, userId);
        return out.toByteArray();
    }

    /** Token text from the claims and their MAC. */
    public static String format(byte[] claimBytes, byte[] mac) {
        return B64.encodeToString(claimBytes) + "." + B64.encodeToString(mac);
    }

    /** The two halves of token text, decoded; empty if the text is not shaped like a token. */
    public static Optional<Parts> split(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
            return Optional.empty();
        }
        try {
            byte[] claimBytes = B64D.decode(token.substring(0, dot));
            byte[] mac = B64D.decode(token.substring(dot + 1));
            return fromBytes(claimBytes).map(c -> new Parts(c, claimBytes, mac));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Reads the claims without verifying anything; empty when malformed. */
    public static Optional<TokenClaims> parse(String token) {
        return split(token).map(Parts::claims);
    }

    static Optional<TokenClaims> fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (in.get() != VERSION) {
                return Optional.empty();
            }
            long iat = readVarlong(in);
            long exp = readVarlong(in);
            String app = readString(in);
            String user = readString(in);
            if (in.hasRemaining() || app.isEmpty() || user.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TokenClaims(app, user, iat, exp));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A token split into its claims, the exact claim bytes and the MAC. */
    public record Parts(TokenClaims claims, byte[] claimBytes, byte[] mac) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Parts p && claims.equals(p.claims) && Arrays.equals(claimBytes, p.claimBytes)
                    && Arrays.equals(mac, p.mac);
        }

        @Override
        public int hashCode() {
            return claims.hashCode() * 31 + Arrays.hashCode(mac);
        }

        @Override
        public String toString() {
            return "Parts[" + claims + "]";
        }
    }

    private static void writeVarlong(ByteArrayOutputStream out, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative time");
        }
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarlong(ByteBuffer in) {
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            byte b = in.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varlong too long");
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 255) {
            throw new IllegalArgumentException("string too long for a token");
        }
        out.write(b.length);
        out.writeBytes(b);
    }

    private static String readString(ByteBuffer in) {
        int len = in.get() & 0xFF;
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
