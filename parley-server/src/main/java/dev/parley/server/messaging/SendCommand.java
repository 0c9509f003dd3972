package dev.parley.server.messaging;

import dev.parley.server.store.StoredMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One message for the writer: what to store and whose inboxes get an entry.
 *
 * @param recipients users whose inbox gets an entry (the sender included when their other
 *                   devices should see it), without duplicates
 * @param replaces   for a recall notice: the uid of the message it replaces in storage, else null
 * @param replyTo    the client request to answer with a SendAck once stored, else null
 */
record SendCommand(StoredMessage message, List<String> recipients, String replaces, ReplyTo replyTo,
                   CompletableFuture<Stored> done) {

    /** The outcome: the stored message (the earlier copy for a retry) and the inbox entries made. */
    record Stored(StoredMessage message, boolean duplicate, List<String> users, long[] seqs) {
    }
}
