package dev.parley.server.auth;

import java.security.SecureRandom;

/** Random credentials: App Keys, App Secrets, passwords. */
public final class Secrets {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final char[] LOWER = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** An App Key: lower-case letters and digits, like the keys app developers already know. */
    public static String appKey() {
        return random(LOWER, 16);
    }

    /** An App Secret: about 143 bits of entropy. */
    public static String appSecret() {
        return random(ALPHABET, 24);
    }

    public static String password() {
        return random(ALPHABET, 20);
    }

    static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
