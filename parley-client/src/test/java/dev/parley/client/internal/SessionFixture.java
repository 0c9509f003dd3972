package dev.parley.client.internal;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.ObjectNames;
import dev.parley.client.SendMessageCallback;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Notify;
import dev.parley.protocol.wire.SendAck;
import dev.parley.protocol.wire.SyncResult;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.LongStream;

/**
 * The messaging parts of one engine ({@link SyncSession}, {@link Outbox}, {@link GroupCommit})
 * on a real database, with an actor the test runs by hand: frames posted with
 * {@link #arrive} wait in its queue like frames that came in while the actor was busy, and
 * {@link #runActor} runs them all, with whatever they post. App callbacks run at once and are
 * logged in order in {@link #told}.
 */
final class SessionFixture implements AutoCloseable {
    static final String ME = "me";

    final LocalStore local;
    final MessageStore store;
    final ManualActor actor = new ManualActor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final RequestTracker requests = new RequestTracker(new ActorTimer(timer, actor), Duration.ofMinutes(1));
    final MessageEvents events = new MessageEvents(Runnable::run);
    final GroupCommit commits;
    final Outbox outbox;
    final SyncSession sync;
    /** Frames the session wrote. */
    final List<Frame> written = new CopyOnWriteArrayList<>();
    /** {@code received:<uid>:<left>:<offline>:<hasPackage>}, {@code sent:<code>:<uid>}, {@code typing}, in order. */
    final List<String> told = new CopyOnWriteArrayList<>();

    SessionFixture(Path dir) throws Exception {
        local = LocalStore.open(dir.resolve(ME + ".db"));
        store = new MessageStore(local);
        commits = new GroupCommit(store, actor);
        outbox = new Outbox(store, commits, requests, events, new ActorTimer(timer, actor));
        sync = new SyncSession(new InboxApplier(store, ME), commits, requests, events, outbox, ME, store.lastSeq());
        events.received = (m, left, offline, hasPackage) ->
                told.add("received:" + m.getMessageUId() + ":" + left + ":" + offline + ":" + hasPackage);
        events.typing = (type, target, user, contentType, time) -> told.add("typing");
    }

    /** Starts a session and finishes its offline sync on an empty inbox page. */
    void connect() {
        sync.start(written::add, () -> outbox.start(written::add));
        answerSync(List.of(), false);
        runActor();
    }

    /** Frames arriving while the actor is busy: queued behind what it already has. */
    void arrive(Frame... frames) {
        for (Frame f : frames) {
            actor.execute(() -> {
                switch (f.getBodyCase()) {
                    case NOTIFY -> sync.onNotify(f.getNotify().getMessage());
                    default -> requests.answer(f);
                }
            });
        }
    }

    void runActor() {
        actor.runAll();
    }

    /** Answers the latest sync request with {@code entries}; the server's inbox ends at the last of them. */
    void answerSync(List<InboxMessage> entries, boolean hasMore) {
        long max = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).getSeq();
        arrive(Frame.newBuilder().setRequestId(lastSync().getRequestId()).setSyncResult(
                SyncResult.newBuilder().addAllMessages(entries).setHasMore(hasMore).setMaxSeq(max)).build());
    }

    Frame lastSync() {
        return syncRequests().get(syncRequests().size() - 1);
    }

    List<Frame> syncRequests() {
        return written.stream().filter(Frame::hasSync).toList();
    }

    /** Stores an own message to send and hands it to the outbox; returns it as saved. */
    Message send(String text) throws SQLException {
        Message draft = Message.builder().conversationType(ConversationType.PRIVATE).targetId("bob")
                .objectName(ObjectNames.TEXT).content("{\"content\":\"" + text + "\"}").build();
        Message saved = store.insertSending(draft, ME, "c-" + text, System.currentTimeMillis());
        outbox.submit(saved, new SendMessageCallback() {
            @Override
            public void onMessageSaved(Message message) {
            }

            @Override
            public void onMessageSent(int code, Message message) {
                told.add("sent:" + code + ":" + message.getMessageUId());
            }
        });
        return saved;
    }

    /** The Send frame written for the message with client id {@code c-<text>}. */
    Frame sendFrame(String text) {
        return written.stream().filter(f -> f.hasSend() && f.getSend().getClientMsgId().equals("c-" + text))
                .reduce((a, b) -> b).orElseThrow();
    }

    static Frame ack(Frame send, String uid, long sentTime) {
        return Frame.newBuilder().setRequestId(send.getRequestId()).setSendAck(
                SendAck.newBuilder().setCode(ErrorCode.SUCCESS).setMessageUid(uid).setSentTime(sentTime)).build();
    }

    static Frame refusal(Frame send, int code) {
        return Frame.newBuilder().setRequestId(send.getRequestId()).setSendAck(SendAck.newBuilder().setCode(code)).build();
    }

    static Frame notifyFrame(InboxMessage m) {
        return Frame.newBuilder().setNotify(Notify.newBuilder().setMessage(m)).build();
    }

    /** A text from bob at inbox position {@code seq}, uid {@code U<seq>}. */
    static InboxMessage fromBob(long seq) {
        return InboxMessage.newBuilder().setSeq(seq).setMessageUid("U" + seq)
                .setConversationType(dev.parley.protocol.wire.ConversationType.PRIVATE).setTargetId("bob")
                .setSenderUserId("bob").setObjectName(ObjectNames.TEXT).setContent("{\"content\":\"m" + seq + "\"}")
                .setSentTime(1_000 + seq).build();
    }

    /** The outgoing entry of an own message sent with client id {@code c-<text>}, as the server returns it. */
    static InboxMessage ownEntry(long seq, String text, String uid, long sentTime) {
        return InboxMessage.newBuilder().setSeq(seq).setMessageUid(uid)
                .setConversationType(dev.parley.protocol.wire.ConversationType.PRIVATE).setTargetId("bob")
                .setSenderUserId(ME).setOutgoing(true).setClientMsgId("c-" + text).setObjectName(ObjectNames.TEXT)
                .setContent("{\"content\":\"" + text + "\"}").setSentTime(sentTime).build();
    }

    /** "received:U<seq>:0:false:false" for each seq: how a live message is told. */
    static List<String> live(long fromSeq, long toSeq) {
        return LongStream.rangeClosed(fromSeq, toSeq)
                .mapToObj(s -> "received:U" + s + ":0:false:false").toList();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        local.close();
    }
}
