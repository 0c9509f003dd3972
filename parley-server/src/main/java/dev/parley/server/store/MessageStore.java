package dev.parley.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Messages and inboxes: each message stored once, one inbox entry per recipient user with
 * that user's next sequence number. Writes come only from the node's single group-commit
 * writer, a whole batch of sends at a time ({@link #write}); reads come from any thread. In
 * cluster mode every node's writer writes one PostgreSQL, and the database numbers the inbox
 * entries ({@link Writes#reserveSeqs}).
 *
 * <p>The embedded node keeps them in {@link RocksMessageStore} (an LSM: appends to a log,
 * sorted in memory, merged in the background, so a message costs a few key writes instead of
 * a B-tree page per index); {@link SqlMessageStore} keeps them in the relational schema for
 * PostgreSQL (cluster mode).
 */
public interface MessageStore extends AutoCloseable {

    /** The writes of one batch; all of them become visible and durable together, or none do. */
    interface Writes {
        /**
         * Stores the message unless its sender already stored one with that client id, or a
         * message with its uid is stored (never overwritten); true if stored. Which of the two
         * it was, {@link #findByClientId} tells.
         */
        boolean insertIfNew(StoredMessage m);

        /** The message its sender stored with that client id, this batch's writes included. */
        Optional<StoredMessage> findByClientId(String appKey, String senderId, String clientMsgId);

        /** Adds one inbox entry per user, {@code seqs[i]} being {@code users.get(i)}'s. */
        void appendInbox(String appKey, String messageUid, long sentTime, List<String> users, long[] seqs);

        /**
         * Reserves {@code counts[i]} consecutive seqs of {@code keys.get(i)}'s inbox, for entries
         * this batch appends, and returns the first seq reserved for each key. For several
         * writers on one database (cluster mode): the database hands out the numbers, each
         * user's head stays locked until the batch commits, so batches reserving for one user
         * commit in seq order and no reader sees seq N+1 before N. {@code keys} are distinct
         * and sorted, so that concurrent batches lock heads in one order. Only
         * {@link SqlMessageStore} supports it; the embedded store has a single writer.
         *
         * @throws UnsupportedOperationException where the store has a single writer
         */
        long[] reserveSeqs(List<InboxKey> keys, int[] counts);

        /** The highest committed seq of a user (entries added in this batch are not counted). */
        long maxSeq(String appKey, String userId);

        /** Replaces a stored message's type and content (a recall leaves a notice in its place). */
        void replace(String appKey, String messageUid, String objectName, String content);
    }

    /** A batch's work; a failure (any exception) discards all its writes. */
    @FunctionalInterface
    interface WriteWork<T> {
        T run(Writes writes) throws Exception;
    }

    /** Runs {@code work} as one atomic batch and commits it; returns what the work returned. */
    <T> T write(WriteWork<T> work);

    /**
     * Makes every committed write survive a power cut, whatever the store's {@link Durability}:
     * for a caller about to delete the only other copy of what it wrote.
     */
    void sync();

    /** The highest committed seq of a user's inbox, 0 if empty. */
    long maxSeq(String appKey, String userId);

    /** Up to {@code limit} inbox entries after {@code afterSeq}, in seq order. */
    List<InboxRow> readInbox(String appKey, String userId, long afterSeq, int limit);

    Optional<StoredMessage> find(String appKey, String messageUid);

    /** Messages of a conversation sent before {@code beforeTime}, newest first (ties: larger uid first). */
    List<StoredMessage> history(String appKey, String conversationKey, long beforeTime, int limit);

    /** Deletes an app's messages and inbox entries older than {@code before}; returns messages deleted. */
    int purge(String appKey, long before);

    /** Releases the store's files; the node's writer has stopped before. */
    @Override
    void close();
}
