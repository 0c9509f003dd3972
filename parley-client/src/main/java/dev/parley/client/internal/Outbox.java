package dev.parley.client.internal;

import dev.parley.client.Message;
import dev.parley.client.SendMessageCallback;
import dev.parley.client.SentStatus;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SendAck;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets this device's messages to the server. The database is the queue: a message is stored
 * SENDING before anything goes out, and every (re)connection sends every SENDING row, oldest
 * first, with its original client id, so the server keeps each once however often it
 * arrives. While connected, a send not acknowledged in time goes out again. Each
 * {@link SendMessageCallback} hears {@code onMessageSent} once: from the ack, or from the
 * inbox when the message came back through sync before its ack did.
 *
 * <p>Acks are recorded through the {@link GroupCommit}: acks that arrive together share one
 * transaction, and each callback is told after it, in arrival order. Read receipts and
 * read-state syncs are not stored; they wait here in memory while offline. Confined to the
 * engine's actor.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** One own message on its way; {@code callback} is null for one left over from an earlier engine or connect. */
    private static final class Pending {
        final Message message;
        final SendMessageCallback callback;
        final Send send;
        // Queued while offline (or left from an earlier session): it goes out in a burst after
        // connecting, so the server's rate limit paces it instead of failing it.
        boolean backlog;
        // Its ack waits in the group commit: the send is over, only the recording is not.
        boolean ackQueued;

        Pending(Message message, SendMessageCallback callback) {
            this.message = message;
            this.callback = callback;
            this.send = frame(message);
        }
    }

    /** How long a backlog message refused for the rate limit waits before going out again. */
    private static final Duration BACKLOG_RETRY = Duration.ofMillis(1100);

    private final MessageStore store;
    private final GroupCommit commits;
    private final RequestTracker requests;
    private final MessageEvents events;
    private final ActorTimer timers;
    // Keyed by local id: the order messages were saved in, and the order they go out in.
    private TreeMap<Long, Pending> waiting = new TreeMap<>();
    private final ArrayDeque<Send> notices = new ArrayDeque<>();
    // Set while connected and past the offline sync: only then does anything go out.
    private Consumer<Frame> link;

    Outbox(MessageStore store, GroupCommit commits, RequestTracker requests, MessageEvents events, ActorTimer timers) {
        this.store = store;
        this.commits = commits;
        this.requests = requests;
        this.events = events;
        this.timers = timers;
    }

    /** A message just stored as SENDING: send it now if possible, else at the next {@link #start}. */
    void submit(Message saved, SendMessageCallback callback) {
        Pending p = new Pending(saved, callback);
        waiting.put(saved.getMessageId(), p);
        if (link != null) {
            transmit(p);
        }
    }

    /** Connected and synced: sends every SENDING message, oldest first, then the waiting notices. */
    void start(Consumer<Frame> link) {
        TreeMap<Long, Pending> next = new TreeMap<>();
        try {
            for (Message m : store.sending()) {
                Pending known = waiting.get(m.getMessageId());
                next.put(m.getMessageId(), known != null ? known : new Pending(m, null));
            }
            waiting = next;
        } catch (SQLException e) {
            log.warn("Cannot read unsent messages; sending those of this session only", e);
        }
        this.link = link;
        waiting.values().forEach(p -> p.backlog = true);
        waiting.values().forEach(this::transmit);
        List<Send> queued = new ArrayList<>(notices);
        notices.clear();
        queued.forEach(this::sendNotice);
    }

    /** The session is over; what is unacknowledged goes out again at the next {@link #start}. */
    void stop() {
        link = null;
    }

    /** The database is closing: forget everything, telling nobody (the rows stay SENDING). */
    void clear() {
        link = null;
        waiting.clear();
        notices.clear();
    }

    /**
     * The inbox showed the server has this own message: the send is done. Also when its ack is
     * queued behind this entry in the same group commit: the app hears it here, as it would
     * have had the two been committed one by one, and the ack then finds it done.
     */
    void confirmed(Message m) {
        Pending p = waiting.remove(m.getMessageId());
        if (p != null && p.callback != null) {
            events.sent(p.callback, ErrorCode.SUCCESS, m);
        }
    }

    /** A notice the SDK sends itself (read receipt, read-state sync): sent now, or after the next connect. */
    void sendNotice(Send send) {
        if (link == null) {
            notices.add(send);
            return;
        }
        int id = requests.register(new RequestTracker.Pending() {
            @Override
            public void onAnswer(Frame answer) {
                if (answer.getSendAck().getCode() != ErrorCode.SUCCESS) {
                    log.info("{} refused: {}", send.getObjectName(), answer.getSendAck().getCode());
                }
            }

            @Override
            public void onFailed(int code) {
                sendNotice(send);
            }
        });
        link.accept(Frame.newBuilder().setRequestId(id).setSend(send).build());
    }

    /** Live-only traffic (typing): sent once if connected and synced; false if dropped. */
    boolean sendLive(Send send) {
        if (link == null) {
            return false;
        }
        int id = requests.register(new RequestTracker.Pending() {
            @Override
            public void onAnswer(Frame answer) {
            }

            @Override
            public void onFailed(int code) {
            }
        });
        link.accept(Frame.newBuilder().setRequestId(id).setSend(send).build());
        return true;
    }

    private void transmit(Pending p) {
        int id = requests.register(new RequestTracker.Pending() {
            @Override
            public void onAnswer(Frame answer) {
                acked(p, answer);
            }

            @Override
            public void onFailed(int code) {
                // Timed out on a live link: the ack or the send was lost; the same client id
                // makes the resend safe. Session over: start() sends it again.
                if (unacked(p) && code == ErrorCode.RC_MSG_RESP_TIMEOUT && link != null) {
                    transmit(p);
                }
            }
        });
        link.accept(Frame.newBuilder().setRequestId(id).setSend(p.send).build());
    }

    /** Still waiting for the server: not confirmed, not acknowledged. */
    private boolean unacked(Pending p) {
        return waiting.get(p.message.getMessageId()) == p && !p.ackQueued;
    }

    private void acked(Pending p, Frame answer) {
        if (!unacked(p)) {
            return;
        }
        SendAck ack = answer.getSendAck();
        if (ack.getCode() == ErrorCode.SEND_MSG_FREQUENCY_OVERRUN && p.backlog) {
            timers.after(BACKLOG_RETRY, () -> {
                if (unacked(p) && link != null) {
                    transmit(p);
                }
            });
            return;
        }
        p.ackQueued = true;
        commits.add(new AckWrite(p, ack));
    }

    /** Records one ack (SENT with the server's ids, or FAILED) and then tells the callback. */
    private final class AckWrite implements GroupCommit.Write {
        private final Pending p;
        private final SendAck ack;
        private Message stored;

        AckWrite(Pending p, SendAck ack) {
            this.p = p;
            this.ack = ack;
        }

        @Override
        public void write() throws SQLException {
            long id = p.message.getMessageId();
            if (ack.getCode() != ErrorCode.SUCCESS) {
                stored = store.markFailed(id);
            } else {
                String uid = Wire.emptyToNull(ack.getMessageUid());
                stored = uid == null ? store.byId(id) : store.markSent(id, uid, ack.getSentTime());
            }
        }

        @Override
        public void committed() {
            if (ack.getCode() != ErrorCode.SUCCESS) {
                log.debug("Message {} refused: {} {}", p.message.getMessageId(), ack.getCode(), ack.getDetail());
            }
            tell(stored);
        }

        @Override
        public void failed(Exception e) {
            // Told all the same, as the ack says; the row stays SENDING, so the next connect
            // sends it again (same client id) and records the answer then.
            log.warn("Cannot record the ack of message {}", p.message.getMessageId());
            tell(null);
        }

        /** Tells the callback unless the inbox confirmed the message first; {@code m} null: as the ack says. */
        private void tell(Message m) {
            if (!waiting.remove(p.message.getMessageId(), p)) {
                return;
            }
            if (m == null) {
                m = ack.getCode() == ErrorCode.SUCCESS
                        ? p.message.toBuilder().messageUId(Wire.emptyToNull(ack.getMessageUid()))
                                .sentTime(ack.getSentTime()).sentStatus(SentStatus.SENT).build()
                        : p.message.toBuilder().sentStatus(SentStatus.FAILED).build();
            }
            if (p.callback != null) {
                events.sent(p.callback, ack.getCode(), m);
            }
        }
    }

    private static Send frame(Message m) {
        return Send.newBuilder()
                .setClientMsgId(m.getClientMessageId())
                .setConversationType(Wire.toWire(m.getConversationType()))
                .setTargetId(m.getTargetId())
                .setObjectName(m.getObjectName())
                .setContent(m.getContent())
                .addAllMentionedUserIds(m.getMentions())
                .build();
    }
}
