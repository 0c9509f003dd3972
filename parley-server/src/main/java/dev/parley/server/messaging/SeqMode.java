package dev.parley.server.messaging;

/** Who numbers the entries of each user's inbox: the node's one writer, or the shared database. */
public enum SeqMode {
    /**
     * The writer hands out seqs from memory ({@link SeqAllocator}): exact only while it is the
     * one writer of its store in the world, as the embedded node's writer is.
     */
    SINGLE_WRITER,
    /**
     * The database hands out seqs, per batch in one statement inside the batch's transaction
     * ({@code MessageStore.Writes.reserveSeqs}): for cluster mode, where every node runs a
     * writer on one PostgreSQL. Needs {@code SqlMessageStore}.
     */
    SHARED
}
