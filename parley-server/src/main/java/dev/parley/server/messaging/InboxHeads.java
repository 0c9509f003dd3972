package dev.parley.server.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The highest committed inbox seq of recently active users, so that the sync every device
 * runs on every connect answers "nothing new" from memory. Published by the writer after
 * each commit; a value here is never ahead of storage. Missing users are read from storage.
 */
public final class InboxHeads {
    private final Cache<String, Long> heads;

    /** Heads of up to a million users, for a node that is the only writer of its inboxes. */
    public InboxHeads() {
        this(Caffeine.newBuilder().maximumSize(1_000_000).build());
    }

    private InboxHeads(Cache<String, Long> heads) {
        this.heads = heads;
    }

    /**
     * Heads that never know a user's (every sync reads storage) and learn nothing: for cluster
     * mode, where another node may append to any inbox, so a head remembered here could be
     * stale and answer "nothing new" when there is.
     */
    public static InboxHeads disabled() {
        return new InboxHeads(null);
    }

    static String key(String appKey, String userId) {
        return appKey + '\u0000' + userId;
    }

    /** The user's head seq, or -1 if not known here. */
    long get(String appKey, String userId) {
        if (heads == null) {
            return -1;
        }
        Long v = heads.getIfPresent(key(appKey, userId));
        return v == null ? -1 : v;
    }

    /** Records a committed head; never moves one backwards (a storage read may race a commit). */
    void advance(String key, long seq) {
        if (heads == null) {
            return;
        }
        heads.asMap().merge(key, seq, Math::max);
    }

    void learn(String appKey, String userId, long seq) {
        if (heads != null) {
            advance(key(appKey, userId), seq);
        }
    }
}
