package dev.parley.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Remembers each (App Key, Nonce, Timestamp) seen inside the signature window so a captured
 * request cannot be replayed. Entries outlive the window, after which the timestamp check
 * refuses the request anyway; the size bound keeps a flood from exhausting memory.
 */
public final class ReplayGuard {
    private final Cache<String, Boolean> seen;

    public ReplayGuard(Duration window, long maxEntries) {
        seen = Caffeine.newBuilder().expireAfterWrite(window.multipliedBy(2)).maximumSize(maxEntries).build();
    }

    /** True the first time this triple is presented, false on every repeat. */
    public boolean firstUse(String appKey, String nonce, String timestamp) {
        return seen.asMap().putIfAbsent(appKey + '\n' + nonce + '\n' + timestamp, Boolean.TRUE) == null;
    }
}
