package dev.parley.client.internal;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.MessageDirection;
import dev.parley.client.ObjectNames;
import dev.parley.client.ResultCallback;
import dev.parley.client.SendMessageCallback;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.TimeOrderedIds;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.HistoryResult;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.RecallAck;
import dev.parley.protocol.wire.RecallRequest;
import dev.parley.protocol.wire.Send;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messaging half of an engine, driven by the connect path through {@link SessionHooks}:
 * wires the per-user parts ({@link MessageStore}, {@link InboxApplier}, {@link SyncSession},
 * {@link Outbox}) to the session's socket, routes answers through the {@link RequestTracker},
 * and runs the messaging API calls on the actor.
 *
 * <p>API calls capture the store they were checked against; if the user's database changed
 * before the actor got to them (destroy, another user's connect), they fail with 33001.
 */
final class Messaging implements SessionHooks {
    private static final Logger log = LoggerFactory.getLogger(Messaging.class);
    // RongCloud's pace too: receivers show the indicator for about this long.
    static final long TYPING_INTERVAL_NANOS = Duration.ofSeconds(6).toNanos();
    private static final int TYPING_MEMORY = 256;

    private final SerialExecutor actor;
    private final ServerClock clock;
    private final ActorTimer timers;
    private final RequestTracker requests;
    // Sortable by time, so the unique indexes on client ids (server and local) grow at one end.
    private final TimeOrderedIds clientMsgIds = new TimeOrderedIds();
    final MessageEvents events;

    // Read by app threads (synchronous reads, argument checks).
    private volatile MessageStore store;

    // Confined to the actor.
    private String userId;
    private GroupCommit commits;
    private SyncSession sync;
    private Outbox outbox;
    private Consumer<Frame> link;
    private final Map<String, Long> typingSentAt = new HashMap<>();

    Messaging(EngineThreads threads, ServerClock clock, Duration requestTimeout) {
        this.actor = threads.actor;
        this.clock = clock;
        this.timers = threads.timers;
        this.requests = new RequestTracker(threads.timers, requestTimeout);
        this.events = new MessageEvents(threads.callbacks);
    }

    /** The engine's actor, which runs every messaging task; tests hold it busy to make bursts. */
    SerialExecutor actor() {
        return actor;
    }

    /** The open user database, or {@code null}; any thread. */
    MessageStore store() {
        return store;
    }

    // ---- hooks from the connect path ----

    @Override
    public void storeOpened(LocalStore local, String userId) {
        MessageStore s = new MessageStore(local);
        long lastSeq;
        try {
            lastSeq = s.lastSeq();
        } catch (SQLException e) {
            log.warn("Cannot read last_seq of {}; syncing from the start", userId, e);
            lastSeq = 0;
        }
        this.userId = userId;
        commits = new GroupCommit(s, actor);
        outbox = new Outbox(s, commits, requests, events, timers);
        sync = new SyncSession(new InboxApplier(s, userId), commits, requests, events, outbox, userId, lastSeq);
        typingSentAt.clear();
        store = s;
    }

    @Override
    public void storeClosing() {
        settle();
        store = null;
        if (outbox != null) {
            outbox.clear();
            sync.stop();
        }
        outbox = null;
        sync = null;
        commits = null;
        requests.failAll();
    }

    @Override
    public void connected(Consumer<Frame> link) {
        this.link = link;
        if (sync == null) {
            return; // No database: nothing to sync into, nothing to send.
        }
        Outbox o = outbox;
        sync.start(link, () -> {
            events.syncCompleted();
            o.start(link);
        });
    }

    @Override
    public void frame(Frame frame) {
        switch (frame.getBodyCase()) {
            // Live notifies and send acks queue their writes in the group commit, as sends do
            // (other requests answered by a SendAck, read receipts and typing, touch nothing);
            // the rest commit the queue first.
            case NOTIFY -> {
                if (sync != null) {
                    sync.onNotify(frame.getNotify().getMessage());
                }
            }
            case SEND_ACK -> answer(frame);
            case SYNC_RESULT, RECALL_ACK, HISTORY_RESULT -> {
                settle();
                answer(frame);
            }
            default -> log.debug("Ignoring {} frame", frame.getBodyCase());
        }
    }

    private void answer(Frame frame) {
        if (!requests.answer(frame)) {
            log.debug("{}: late or unknown answer {} to request {}", userId, frame.getBodyCase(), frame.getRequestId());
        }
    }

    @Override
    public void disconnected() {
        settle();
        link = null;
        // Before failing the requests, so what they resend waits for the next session.
        if (outbox != null) {
            outbox.stop();
            sync.stop();
        }
        requests.failAll();
    }

    // ---- API calls, run on the actor ----

    void send(MessageStore checked, Message draft, SendMessageCallback cb) {
        actor.execute(() -> {
            if (store == null || store != checked) {
                // Told at once, so after what is queued.
                settle();
                events.sent(cb, ErrorCode.CLIENT_NOT_INIT, draft);
                return;
            }
            // No settle(): the save joins the queue, is committed with the acks and notifies
            // around it and told in its turn, and only then does its frame go out.
            commits.add(new SendSave(store, outbox, events, draft, cb, userId, clientMsgIds.next(), clock.now()));
        });
    }

    void recall(MessageStore checked, Message message, ResultCallback<Message> cb) {
        actor.execute(() -> {
            settle();
            if (store == null || store != checked) {
                events.error(cb, ErrorCode.CLIENT_NOT_INIT);
                return;
            }
            Message row;
            try {
                row = message.getMessageId() > 0 ? store.byId(message.getMessageId())
                        : message.getMessageUId() != null ? store.byUid(message.getMessageUId()) : null;
            } catch (SQLException e) {
                events.error(cb, ErrorCode.DATABASE_ERROR);
                return;
            }
            if (row == null || row.getDirection() != MessageDirection.SEND || row.getMessageUId() == null) {
                events.error(cb, ErrorCode.RECALL_NOT_OWN_MESSAGE);
            } else if (ObjectNames.RECALL_NOTICE.equals(row.getObjectName())) {
                events.success(cb, row);
            } else if (link == null) {
                events.error(cb, ErrorCode.RC_NET_UNAVAILABLE);
            } else {
                request(Frame.newBuilder().setRecall(RecallRequest.newBuilder().setMessageUid(row.getMessageUId())),
                        cb, answer -> recalled(row, answer.getRecallAck(), cb));
            }
        });
    }

    private void recalled(Message original, RecallAck ack, ResultCallback<Message> cb) {
        if (ack.getCode() != ErrorCode.SUCCESS) {
            events.error(cb, ack.getCode());
            return;
        }
        String uid = original.getMessageUId();
        String notice = MessageContent.recallNotice(uid, original.getObjectName(), clock.now(), userId);
        try {
            Message replaced = store.recall(uid, notice);
            events.success(cb, replaced != null ? replaced : store.byUid(uid));
        } catch (SQLException e) {
            log.warn("{}: recalled {} but cannot record it", userId, uid, e);
            events.error(cb, ErrorCode.DATABASE_ERROR);
        }
    }

    void remoteHistory(MessageStore checked, ConversationType type, String targetId, long beforeSentTime, int count,
                       ResultCallback<List<Message>> cb) {
        actor.execute(() -> {
            settle();
            if (store == null || store != checked) {
                events.error(cb, ErrorCode.CLIENT_NOT_INIT);
            } else if (link == null) {
                events.error(cb, ErrorCode.RC_NET_UNAVAILABLE);
            } else {
                request(Frame.newBuilder().setHistory(HistoryRequest.newBuilder()
                                .setConversationType(Wire.toWire(type)).setTargetId(targetId)
                                .setBeforeTime(Math.max(0, beforeSentTime)).setLimit(count)),
                        cb, answer -> historyArrived(answer.getHistoryResult(), cb));
            }
        });
    }

    private void historyArrived(HistoryResult result, ResultCallback<List<Message>> cb) {
        if (result.getCode() != ErrorCode.SUCCESS) {
            events.error(cb, result.getCode());
            return;
        }
        List<Message> fetched = new ArrayList<>(result.getMessagesCount());
        for (InboxMessage m : result.getMessagesList()) {
            if (Wire.fromWire(m.getConversationType()) != null) {
                fetched.add(Wire.message(m, userId));
            }
        }
        try {
            events.success(cb, List.copyOf(store.storeHistory(fetched)));
        } catch (SQLException e) {
            log.warn("{}: cannot store fetched history", userId, e);
            events.error(cb, ErrorCode.DATABASE_ERROR);
        }
    }

    void typing(MessageStore checked, ConversationType type, String targetId, String typingContentType) {
        actor.execute(() -> {
            if (store == null || store != checked || link == null) {
                return;
            }
            String key = type.getValue() + ":" + targetId;
            long now = System.nanoTime();
            Long last = typingSentAt.get(key);
            if (last != null && now - last < TYPING_INTERVAL_NANOS) {
                return;
            }
            // Sends queued before it go out first: typing ahead of the message it followed
            // would be cleared by that message's arrival.
            settle();
            if (!outbox.sendLive(notice(type, targetId, ObjectNames.TYPING_STATUS, Json.typing(typingContentType))
                    .setStatusOnly(true).build())) {
                return;
            }
            if (typingSentAt.size() >= TYPING_MEMORY) {
                typingSentAt.values().removeIf(t -> now - t >= TYPING_INTERVAL_NANOS);
            }
            typingSentAt.put(key, now);
        });
    }

    /** After the app cleared a conversation: the peer's receipt, or the sync to the user's other devices. */
    void readNotice(MessageStore checked, ConversationType type, String targetId, long lastMessageSendTime) {
        actor.execute(() -> {
            if (store == null || store != checked || type == ConversationType.CHATROOM) {
                return;
            }
            String content = Json.readReceipt(lastMessageSendTime);
            Send send = type == ConversationType.PRIVATE
                    ? notice(type, targetId, ObjectNames.READ_RECEIPT, content).build()
                    : notice(type, targetId, ObjectNames.SYNC_READ_STATUS, content).setToSelfOnly(true).build();
            // Behind the sends queued before it, as the app called them.
            settle();
            outbox.sendNotice(send);
        });
    }

    private Send.Builder notice(ConversationType type, String targetId, String objectName, String content) {
        return Send.newBuilder()
                .setClientMsgId(clientMsgIds.next())
                .setConversationType(Wire.toWire(type))
                .setTargetId(targetId)
                .setObjectName(objectName)
                .setContent(content)
                .setNotPersisted(true)
                .setNotCounted(true);
    }

    /**
     * Commits the writes queued in the group commit. Every actor task that writes to the
     * database, tells the app something or sends a frame, other than live notifies, send acks
     * and sends (which queue there themselves), calls this first: the app then hears
     * everything, and the server gets every frame, in the order it happened.
     */
    private void settle() {
        if (commits != null) {
            commits.flush();
        }
    }

    /** Sends a request on the current session; the callback hears 30002/30003 if no answer comes. */
    private void request(Frame.Builder frame, ResultCallback<?> cb, Consumer<Frame> onAnswer) {
        int id = requests.register(new RequestTracker.Pending() {
            @Override
            public void onAnswer(Frame answer) {
                onAnswer.accept(answer);
            }

            @Override
            public void onFailed(int code) {
                settle();
                events.error(cb, code);
            }
        });
        link.accept(frame.setRequestId(id).build());
    }
}
