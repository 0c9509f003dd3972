package dev.parley.server.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The highest committed inbox seq of recently active users, so that the sync every device
 * runs on every connect answers "nothing new" from memory. Published by the writer after
 * each commit; a value here is never ahead of storage. Missing users are read from storage.
 */
public final class InboxHeads {
    private final Cache<String, Long> heads = Caffeine.newBuilder().maximumSize(1_000_000).build();

    static String key(String appKey, String userId) {
        return appKey + '\u0000' + userId;
    }

    /** The user's head seq, or -1 if not known here. */
    long get(String appKey, String userId) {
        Long v = heads.getIfPresent(key(appKey, userId));
        return v == null ? -1 : v;
    }

    /** Records a committed head; never moves one backwards (a storage read may race a commit). */
    void advance(String key, long seq) {
        heads.asMap().merge(key, seq, Math::max);
    }

    void learn(String appKey, String userId, long seq) {
        advance(key(appKey, userId), seq);
    }
}
