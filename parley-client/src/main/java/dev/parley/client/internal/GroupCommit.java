package dev.parley.client.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one user's database on the engine's actor. A commit writes every page the
 * transaction dirtied (a message row, its indexes, its conversation) to the WAL, so one
 * transaction per frame makes commits the SDK's main cost under load. Writes of frames that
 * arrive together (live notifies, send acks), and the saves of the app's sends among them, are
 * queued here instead and committed as one transaction by a task posted to the actor behind
 * the tasks already waiting there: a burst is one commit, and a lone write is committed as
 * soon as the actor has run what was queued before it.
 *
 * <p>The app hears of each write after the commit, in the order the writes were queued. So the
 * callbacks keep their order, any actor task that touches the database or tells the app
 * something without going through here calls {@link #flush} first.
 *
 * <p>Confined to the engine's actor.
 */
final class GroupCommit {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Most entries in one transaction, like a sync page: bounds the time the store's lock is held. */
    static final int MAX_ENTRIES = 200;

    /** One queued write. */
    interface Write {
        /**
         * Runs inside the shared transaction. Changes only the database: if the transaction
         * fails, none of it happened.
         */
        void write() throws SQLException;

        /** After the commit: updates what the actor keeps in memory and tells the app. */
        void committed();

        /** The transaction failed; none of the writes in it are stored. */
        void failed(Exception e);
    }

    private final MessageStore store;
    private final Executor actor;
    private List<Write> queued = new ArrayList<>();
    private int entries;
    private boolean flushPosted;

    GroupCommit(MessageStore store, Executor actor) {
        this.store = store;
        this.actor = actor;
    }

    /** Queues {@code w} as one entry; it is committed at the latest by the task this posts to the actor. */
    void add(Write w) {
        queued.add(w);
        if (!flushPosted) {
            flushPosted = true;
            actor.execute(() -> {
                flushPosted = false;
                flush();
            });
        }
        grew();
    }

    /** The last queued write took one more entry. */
    void grew() {
        if (++entries >= MAX_ENTRIES) {
            flush();
        }
    }

    /** True if {@code w} is the most recently queued write, not yet committed: it may still grow. */
    boolean isLast(Write w) {
        return !queued.isEmpty() && queued.get(queued.size() - 1) == w;
    }

    /** Commits every queued write in one transaction, then tells each the outcome in order. */
    void flush() {
        if (queued.isEmpty()) {
            return;
        }
        List<Write> batch = queued;
        queued = new ArrayList<>();
        entries = 0;
        try {
            store.transaction(db -> {
                for (Write w : batch) {
                    w.write();
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            log.error("Cannot commit {} queued writes", batch.size(), e);
            each(batch, w -> w.failed(e));
            return;
        }
        each(batch, Write::committed);
    }

    private static void each(List<Write> batch, Consumer<Write> outcome) {
        for (Write w : batch) {
            try {
                outcome.accept(w);
            } catch (RuntimeException e) {
                // One bug must not leave the other writes' state behind their database.
                log.warn("Handling the outcome of a queued write threw", e);
            }
        }
    }
}
