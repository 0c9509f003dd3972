package dev.parley.server.messaging;

import dev.parley.server.store.MessageStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands out each user's next inbox sequence number. Confined to the writer thread: the
 * writer is the only one appending to inboxes, so a cached counter per user is exact.
 * Numbers taken in a batch become permanent only when the batch commits.
 */
final class SeqAllocator {
    private static final int MAX_CACHED_USERS = 1_000_000;

    private final Map<String, Long> committed = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_CACHED_USERS;
        }
    };
    private final Map<String, Long> pending = new HashMap<>();
    private final InboxHeads heads;

    SeqAllocator(InboxHeads heads) {
        this.heads = heads;
    }

    long next(MessageStore.Writes store, String appKey, String userId) {
        String key = InboxHeads.key(appKey, userId);
        Long last = pending.get(key);
        if (last == null) {
            last = committed.get(key);
        }
        if (last == null) {
            last = store.maxSeq(appKey, userId);
        }
        long next = last + 1;
        pending.put(key, next);
        return next;
    }

    void commit() {
        committed.putAll(pending);
        pending.forEach(heads::advance);
        pending.clear();
    }

    void rollback() {
        pending.clear();
    }
}
