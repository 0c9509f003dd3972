package dev.parley.client.internal;

import dev.parley.client.ConversationType;
import dev.parley.client.ObjectNames;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this device's copy of the user's inbox complete and in order. The cursor
 * ({@code last_seq}) moves only in the transaction that applied the entries up to it.
 *
 * <pre>
 * connected:        sync pages of 200 after the cursor until has_more is false,
 *                   then the offline sync is done (listener, outbox starts)
 * notify seq = next, not syncing:       queue it for the group commit (a live message)
 * notify seq &lt; next:                    already have or queued it, ignore
 * notify beyond next (a gap):           commit what is queued, then sync; never apply out of order
 * notify during a sync:                 remember its seq; sync again afterwards if the sync
 *                                       did not reach it
 * notify seq 0:                         status only (typing), never stored
 * server max seq below the cursor:      the server's inbox was reset; the cursor follows it
 * </pre>
 *
 * "next" is the seq after the last one queued, or after the cursor when nothing is queued.
 * Live entries that arrive together are applied in one {@link GroupCommit} transaction, which
 * moves the cursor to the last of them; a sync page is applied only once nothing is queued
 * (each sync request commits the queue first), so the two never interleave.
 *
 * Confined to the engine's actor.
 */
final class SyncSession {
    private static final Logger log = LoggerFactory.getLogger(SyncSession.class);
    static final int PAGE = 200;

    private final InboxApplier applier;
    private final GroupCommit commits;
    private final RequestTracker requests;
    private final MessageEvents events;
    private final Outbox outbox;
    private final String me;

    private long lastSeq;
    // Highest seq applied or queued for the group commit; equals lastSeq when nothing is queued.
    private long queuedUpTo;
    // The live entries queued last; it takes more while nothing else was queued after it.
    private LiveRun run;
    private Consumer<Frame> link;
    private boolean syncing;
    private Runnable offlineSyncDone;
    private long highestAnnounced;

    SyncSession(InboxApplier applier, GroupCommit commits, RequestTracker requests, MessageEvents events, Outbox outbox,
                String me, long lastSeq) {
        this.applier = applier;
        this.commits = commits;
        this.requests = requests;
        this.events = events;
        this.outbox = outbox;
        this.me = me;
        this.lastSeq = lastSeq;
        this.queuedUpTo = lastSeq;
    }

    /** A session began: runs the offline sync, then {@code offlineSyncDone}. */
    void start(Consumer<Frame> link, Runnable offlineSyncDone) {
        this.link = link;
        this.offlineSyncDone = offlineSyncDone;
        highestAnnounced = 0;
        requestPage();
    }

    void stop() {
        // What arrived in the session is stored before it ends (the next Connect reports the cursor).
        commits.flush();
        link = null;
        syncing = false;
        offlineSyncDone = null;
    }

    void onNotify(InboxMessage m) {
        if (link == null) {
            return;
        }
        long seq = m.getSeq();
        if (seq == 0) {
            // Told at once, so after what is queued.
            commits.flush();
            statusOnly(m);
        } else if (syncing) {
            highestAnnounced = Math.max(highestAnnounced, seq);
        } else if (seq == queuedUpTo + 1) {
            queue(m);
        } else if (seq > queuedUpTo + 1) {
            highestAnnounced = Math.max(highestAnnounced, seq);
            log.debug("{}: notify {} after {}: syncing the gap", me, seq, queuedUpTo);
            requestPage();
        }
    }

    private void queue(InboxMessage m) {
        queuedUpTo = m.getSeq();
        if (run != null && commits.isLast(run)) {
            run.entries.add(m);
            commits.grew();
        } else {
            run = new LiveRun(m);
            commits.add(run);
        }
    }

    /** Live entries in seq order, applied with the cursor in the group commit's transaction. */
    private final class LiveRun implements GroupCommit.Write {
        final List<InboxMessage> entries = new ArrayList<>();
        private List<InboxEvent> applied;

        LiveRun(InboxMessage first) {
            entries.add(first);
        }

        private long upTo() {
            return entries.get(entries.size() - 1).getSeq();
        }

        @Override
        public void write() throws SQLException {
            applied = applier.apply(entries, upTo());
        }

        @Override
        public void committed() {
            lastSeq = upTo();
            tell(applied, false, false);
        }

        @Override
        public void failed(Exception e) {
            // Nothing queued is stored: the cursor stays, and the next notify is a gap to sync.
            log.warn("{}: live inbox entries up to {} not applied; they come again by sync", me, upTo());
            queuedUpTo = lastSeq;
        }
    }

    private void requestPage() {
        // The cursor a sync continues from must include every entry queued so far.
        commits.flush();
        syncing = true;
        long after = lastSeq;
        int id = requests.register(new RequestTracker.Pending() {
            @Override
            public void onAnswer(Frame answer) {
                onPage(answer.getSyncResult());
            }

            @Override
            public void onFailed(int code) {
                if (code == ErrorCode.RC_MSG_RESP_TIMEOUT && link != null) {
                    requestPage();
                }
            }
        });
        link.accept(Frame.newBuilder().setRequestId(id)
                .setSync(SyncRequest.newBuilder().setAfterSeq(after).setLimit(PAGE)).build());
    }

    private void onPage(SyncResult result) {
        if (link == null) {
            return;
        }
        if (result.getMaxSeq() < lastSeq && result.getMessagesCount() == 0) {
            // The server's inbox is behind this device (its storage was reset or restored from
            // an older backup): follow it, or every new entry would look already applied.
            // Entries seen again are recognised by their message uid.
            log.warn("{}: server inbox ends at {} but this device is at {}; following the server", me,
                    result.getMaxSeq(), lastSeq);
            if (apply(List.of(), result.getMaxSeq(), true, false)) {
                requestPage();
                return;
            }
        }
        List<InboxMessage> fresh = new ArrayList<>(result.getMessagesCount());
        long last = lastSeq;
        for (InboxMessage m : result.getMessagesList()) {
            if (m.getSeq() > last) {
                fresh.add(m);
                last = m.getSeq();
            }
        }
        if (!fresh.isEmpty() && !apply(fresh, last, true, result.getHasMore())) {
            // Cursor unchanged: the next notify finds a gap and tries again.
            syncing = false;
            return;
        }
        if (result.getHasMore() && !fresh.isEmpty()) {
            requestPage();
            return;
        }
        if (result.getHasMore()) {
            log.warn("{}: server says more after {} but sent nothing new; stopping this sync", me, lastSeq);
        }
        syncing = false;
        if (offlineSyncDone != null) {
            Runnable done = offlineSyncDone;
            offlineSyncDone = null;
            done.run();
        }
        if (highestAnnounced > lastSeq && link != null) {
            requestPage();
        }
    }

    /** Applies entries and tells the app; false if the database refused (nothing applied). */
    private boolean apply(List<InboxMessage> entries, long newLastSeq, boolean offline, boolean hasPackage) {
        List<InboxEvent> applied;
        try {
            applied = applier.apply(entries, newLastSeq);
        } catch (SQLException e) {
            log.error("{}: cannot apply inbox entries up to {}", me, newLastSeq, e);
            return false;
        }
        lastSeq = newLastSeq;
        queuedUpTo = newLastSeq;
        tell(applied, offline, hasPackage);
        return true;
    }

    /**
     * Tells the app what a committed apply means. A sync page counts {@code left} down to 0;
     * live messages each come with 0, however many were committed together.
     */
    private void tell(List<InboxEvent> applied, boolean offline, boolean hasPackage) {
        int left = 0;
        if (offline) {
            for (InboxEvent e : applied) {
                if (e instanceof InboxEvent.Received) {
                    left++;
                }
            }
        }
        for (InboxEvent e : applied) {
            if (e instanceof InboxEvent.Received r) {
                events.received(r.message(), offline ? --left : 0, offline, hasPackage);
            } else if (e instanceof InboxEvent.SendConfirmed c) {
                outbox.confirmed(c.message());
            } else {
                events.inbox(e);
            }
        }
    }

    private void statusOnly(InboxMessage m) {
        ConversationType type = Wire.fromWire(m.getConversationType());
        if (type == null || Wire.isMine(m, me)) {
            return;
        }
        if (ObjectNames.TYPING_STATUS.equals(m.getObjectName())) {
            String contentType = Json.tree(m.getContent()).path("typingContentType").asText("");
            events.typing(type, m.getTargetId(), m.getSenderUserId(), contentType, m.getSentTime());
        } else {
            events.received(Wire.message(m, me), 0, false, false);
        }
    }
}
