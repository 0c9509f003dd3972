package dev.parley.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each (App Key, Nonce, Timestamp) seen inside the signature window so a captured
 * request cannot be replayed. Entries outlive the window, after which the timestamp check
 * refuses the request anyway.
 *
 * <p>Each app has its own bounded cache, so one tenant's flood of fresh nonces evicts only its
 * own entries, never another app's. A triple is kept as a 128-bit digest, not as text: SPEC
 * sets no limit on the Nonce, and a 7,000-character nonce must not cost 7,000 characters of
 * memory. Callers check the signature first, so only known apps ever get a cache.
 */
public final class ReplayGuard {
    private final Duration retention;
    private final long maxEntriesPerApp;
    private final Map<String, Cache<Digest, Boolean>> perApp = new ConcurrentHashMap<>();

    public ReplayGuard(Duration window, long maxEntriesPerApp) {
        this.retention = window.multipliedBy(2);
        this.maxEntriesPerApp = maxEntriesPerApp;
    }

    /** True the first time this triple is presented, false on every repeat. */
    public boolean firstUse(String appKey, String nonce, String timestamp) {
        Cache<Digest, Boolean> seen = perApp.computeIfAbsent(appKey, k -> Caffeine.newBuilder()
                .expireAfterWrite(retention).maximumSize(maxEntriesPerApp).build());
        return seen.asMap().putIfAbsent(Digest.of(appKey, nonce, timestamp), Boolean.TRUE) == null;
    }

    /** What is kept for {@code appKey}, for tests: fixed-size digests whatever the nonce length. */
    Collection<Digest> entries(String appKey) {
        Cache<Digest, Boolean> seen = perApp.get(appKey);
        if (seen == null) {
            return List.of();
        }
        seen.cleanUp();
        return List.copyOf(seen.asMap().keySet());
    }

    /** The first 128 bits of SHA-256 over the length-prefixed triple: 16 bytes per entry. */
    record Digest(long high, long low) {
        static final int BYTES = 2 * Long.BYTES;

        static Digest of(String appKey, String nonce, String timestamp) {
            MessageDigest sha = sha256();
            for (String part : new String[] {appKey, nonce, timestamp}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                // Length prefixes keep ("a\nb", "c") and ("a", "b\nc") apart.
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                sha.update(bytes);
            }
            ByteBuffer hash = ByteBuffer.wrap(sha.digest());
            return new Digest(hash.getLong(), hash.getLong());
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
