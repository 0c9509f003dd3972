package dev.parley.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals App Secrets for the database with AES-256-GCM under the node key, which is kept
 * outside the database ({@link NodeKey}): a copied database file alone does not give out
 * the Server API. The server needs the plaintext secret (signatures are SHA-1 of secret,
 * nonce and timestamp, and token keys derive from it), so secrets are encrypted, not hashed.
 *
 * <p>Stored form: {@code v1:} + base64(12-byte nonce | ciphertext | 16-byte tag). The App Key
 * is the associated data: a sealed secret copied into another app's row does not open.
 */
public final class SecretSealer {
    static final String V1 = "v1:";
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretSealer(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the node key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** A sealer with a fresh random key (tests, benchmarks on throw-away data). */
    public static SecretSealer withRandomKey() {
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        return new SecretSealer(k);
    }

    /** True when {@code stored} is a sealed secret rather than the plaintext an earlier version stored. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(V1);
    }

    public String seal(String appKey, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, appKey);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return V1 + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The plaintext of {@code stored}, sealed for {@code appKey}.
     *
     * @throws SealedSecretException when it was sealed under another key, for another app, or altered
     */
    public String open(String appKey, String stored) {
        if (!isSealed(stored)) {
            throw new SealedSecretException("the App Secret of app " + appKey + " is not sealed");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(V1.length()));
        } catch (IllegalArgumentException e) {
            throw new SealedSecretException("the sealed App Secret of app " + appKey + " is damaged");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedSecretException("the sealed App Secret of app " + appKey + " is damaged");
        }
        try {
            byte[] nonce = java.util.Arrays.copyOf(all, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, appKey);
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SealedSecretException("the App Secret of app " + appKey
                    + " does not open with this node key (another node key, or sealed for another app)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String appKey) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(appKey.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A stored secret does not open: wrong node key, another app's row, or altered. */
    public static final class SealedSecretException extends StoreException {
        SealedSecretException(String message) {
            super(message, null);
        }
    }
}
