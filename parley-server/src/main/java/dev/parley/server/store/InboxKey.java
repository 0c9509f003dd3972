package dev.parley.server.store;

import java.util.Comparator;

/**
 * One user's inbox: the key under which {@link MessageStore.Writes#reserveSeqs} hands out seqs.
 * Ordered by app, then user, the order in which every node locks inbox heads.
 */
public record InboxKey(String appKey, String userId) implements Comparable<InboxKey> {
    private static final Comparator<InboxKey> ORDER =
            Comparator.comparing(InboxKey::appKey).thenComparing(InboxKey::userId);

    @Override
    public int compareTo(InboxKey other) {
        return ORDER.compare(this, other);
    }
}
