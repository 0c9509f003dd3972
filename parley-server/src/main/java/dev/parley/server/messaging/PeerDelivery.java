package dev.parley.server.messaging;

import dev.parley.server.store.StoredMessage;
import java.util.List;

/**
 * Where {@link Delivery} hands what it committed for users whose devices may be connected to
 * other nodes (cluster mode). {@link #NONE} on the embedded node, where every session is local.
 * Best effort by contract: a notification lost on its way costs a sync, never a message, since
 * the inbox is the truth and devices pull from it whenever they see a gap.
 */
public interface PeerDelivery {
    /** The embedded node's: nothing to tell anyone. */
    PeerDelivery NONE = new PeerDelivery() {
        @Override
        public void committed(List<Entry> entries) {
        }

        @Override
        public void status(StoredMessage message, List<String> users) {
        }
    };

    /** A stored message and the inbox entries it made: {@code seqs[i]} is {@code users.get(i)}'s. */
    record Entry(StoredMessage message, List<String> users, long[] seqs) {
    }

    /**
     * The entries of one committed batch, in commit order, called on the delivery thread after
     * the local sessions were notified; must not block.
     */
    void committed(List<Entry> entries);

    /** A status-only message (typing, seq 0) for {@code users}; must not block. */
    void status(StoredMessage message, List<String> users);
}
