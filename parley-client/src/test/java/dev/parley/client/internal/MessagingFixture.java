package dev.parley.client.internal;

import dev.parley.client.ConversationType;
import dev.parley.client.Message;
import dev.parley.client.ObjectNames;
import dev.parley.client.SendMessageCallback;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.SyncResult;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A whole {@link Messaging} on a real database, driven by hand: API calls and frames posted to
 * its actor wait there, like work that came in while the actor was busy, until
 * {@link #runActor}. App callbacks run at once on the actor, so {@link #told} logs them in
 * order with the Send frames the session wrote ({@code frame:<text>}).
 */
final class MessagingFixture implements AutoCloseable {
    static final String ME = "me";

    private final ManualActor pool = new ManualActor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final Messaging messaging;
    final LocalStore local;
    final MessageStore store;
    // A second connection to the database: it sees only what is committed.
    private final LocalStore reader;
    private final MessageStore committed;
    final List<Frame> written = new CopyOnWriteArrayList<>();
    /**
     * {@code saved:<text>}, {@code frame:<text>} ({@code frame:<text>:uncommitted} if its row
     * was not committed when it went out), {@code sent:<text>:<code>}, {@code received:<uid>}, in order.
     */
    final List<String> told = new CopyOnWriteArrayList<>();

    MessagingFixture(Path dir) throws Exception {
        messaging = new Messaging(new EngineThreads(new SerialExecutor(pool, "actor"),
                new SerialExecutor(Runnable::run, "callbacks"), timer), new ServerClock(), Duration.ofMinutes(1));
        local = LocalStore.open(dir.resolve(ME + ".db"));
        reader = LocalStore.open(dir.resolve(ME + ".db"));
        committed = new MessageStore(reader);
        messaging.actor().execute(() -> messaging.storeOpened(local, ME));
        runActor();
        store = messaging.store();
        messaging.events.received = (m, left, offline, hasPackage) -> told.add("received:" + m.getMessageUId());
    }

    /** Starts a session and finishes its offline sync on an empty inbox page. */
    void connect() {
        messaging.actor().execute(() -> messaging.connected(this::write));
        runActor();
        Frame sync = written.stream().filter(Frame::hasSync).reduce((a, b) -> b).orElseThrow();
        arrive(Frame.newBuilder().setRequestId(sync.getRequestId())
                .setSyncResult(SyncResult.newBuilder().setHasMore(false).setMaxSeq(0)).build());
        runActor();
    }

    /** The app calls sendMessage with a text to bob. */
    void send(String text) {
        Message draft = Message.builder().conversationType(ConversationType.PRIVATE).targetId("bob")
                .objectName(ObjectNames.TEXT).content("{\"content\":\"" + text + "\"}").build();
        messaging.send(store, draft, new SendMessageCallback() {
            @Override
            public void onMessageSaved(Message message) {
                told.add("saved:" + text(message.getContent()));
            }

            @Override
            public void onMessageSent(int code, Message message) {
                told.add("sent:" + text(message.getContent()) + ":" + code);
            }
        });
    }

    /** Frames arriving from the gateway, queued behind what the actor already has. */
    void arrive(Frame... frames) {
        for (Frame f : frames) {
            messaging.actor().execute(() -> messaging.frame(f));
        }
    }

    void runActor() {
        pool.runAll();
    }

    /** The Send frame written for {@code text}, the latest if it went out more than once. */
    Frame sendFrame(String text) {
        return written.stream().filter(f -> f.hasSend() && text(f.getSend().getContent()).equals(text))
                .reduce((a, b) -> b).orElseThrow();
    }

    private void write(Frame f) {
        written.add(f);
        if (f.hasSend()) {
            told.add("frame:" + text(f.getSend().getContent()) + (isCommitted(f.getSend().getClientMsgId()) ? "" : ":uncommitted"));
        }
    }

    private boolean isCommitted(String clientMsgId) {
        try {
            return committed.sending().stream().anyMatch(m -> m.getClientMessageId().equals(clientMsgId));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(String content) {
        return Json.tree(content).path("content").asText();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        reader.close();
        local.close();
    }
}
