package dev.parley.server.store;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the messages and inboxes a node of an earlier version kept in its SQLite file into
 * the store it uses now, then deletes them from the file. Runs at start, before the node
 * takes sends. The SQLite rows are deleted only after everything was copied and the copy
 * synced to disk ({@link MessageStore#sync}: at {@link Durability#OS} the copy's writes are
 * otherwise still in the operating system's cache, and a power cut after the delete would
 * lose both copies), in one transaction; a node stopped half-way copies again on its next
 * start (copying is idempotent: a message is keyed by its sender's client id, an inbox entry
 * by user and seq).
 */
public final class MessageImport {
    private static final Logger log = LoggerFactory.getLogger(MessageImport.class);
    private static final int PAGE = 2_000;

    private MessageImport() {
    }

    /** Copies what {@code from} holds into {@code to}; returns the messages copied. */
    public static long run(SqlMessageStore from, MessageStore to) {
        if (from.isEmpty()) {
            return 0;
        }
        log.info("moving the messages of an earlier version from the SQLite file into the message store"
                + " (once; the node starts when it is done)");
        long messages = 0;
        List<StoredMessage> page = from.messagesAfter("", "", PAGE);
        while (!page.isEmpty()) {
            List<StoredMessage> batch = page;
            to.write(w -> {
                batch.forEach(w::insertIfNew);
                return null;
            });
            messages += batch.size();
            StoredMessage last = batch.get(batch.size() - 1);
            page = from.messagesAfter(last.appKey(), last.messageUid(), PAGE);
        }
        long entries = 0;
        List<SqlMessageStore.InboxEntry> rows = from.inboxAfter("", "", 0, PAGE);
        while (!rows.isEmpty()) {
            List<SqlMessageStore.InboxEntry> batch = rows;
            to.write(w -> {
                for (SqlMessageStore.InboxEntry e : batch) {
                    w.appendInbox(e.appKey(), e.messageUid(), e.sentTime(), List.of(e.userId()), new long[] {e.seq()});
                }
                return null;
            });
            entries += batch.size();
            SqlMessageStore.InboxEntry last = batch.get(batch.size() - 1);
            rows = from.inboxAfter(last.appKey(), last.userId(), last.seq(), PAGE);
        }
        to.sync();
        from.deleteAll();
        log.info("moved {} messages and {} inbox entries from the SQLite file into the message store", messages,
                entries);
        return messages;
    }
}
