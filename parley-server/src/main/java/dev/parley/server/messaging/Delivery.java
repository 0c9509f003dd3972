package dev.parley.server.messaging;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Notify;
import dev.parley.server.gateway.Session;
import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.StoredMessage;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Tells live sessions about new inbox entries. One thread, so each user's notifications go
 * out in seq order; a lost or late notification costs nothing but a sync, since devices pull
 * from the inbox whenever they see a gap.
 */
public final class Delivery implements AutoCloseable {
    private final SessionRegistry sessions;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("parley-delivery", true));

    public Delivery(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** Notifies every live session of every user with a new entry in {@code batch}. */
    void deliver(List<SendCommand.Stored> batch) {
        thread.execute(() -> {
            for (SendCommand.Stored stored : batch) {
                for (int i = 0; i < stored.users().size(); i++) {
                    notifyUser(stored.message(), stored.users().get(i), stored.seqs()[i]);
                }
            }
        });
    }

    /** A status-only message (typing): online sessions of {@code users}, never stored, seq 0. */
    void deliverStatus(StoredMessage message, List<String> users, Session except) {
        thread.execute(() -> {
            for (String user : users) {
                Frame frame = notify(InboxMessages.forUser(message, user, 0));
                for (Session s : sessions.sessionsOf(message.appKey(), user)) {
                    if (s != except) {
                        send(s, frame);
                    }
                }
            }
        });
    }

    private void notifyUser(StoredMessage message, String user, long seq) {
        List<Session> live = sessions.sessionsOf(message.appKey(), user);
        if (live.isEmpty()) {
            return;
        }
        Frame frame = notify(InboxMessages.forUser(message, user, seq));
        live.forEach(s -> send(s, frame));
    }

    /**
     * Never buffers without bound: a session whose socket is past its high-water mark (the
     * device reads slower than we write) is closed; it reconnects and syncs from the inbox.
     */
    private static void send(Session s, Frame frame) {
        if (s.channel().isWritable()) {
            s.channel().writeAndFlush(frame, s.channel().voidPromise());
        } else {
            s.channel().close();
        }
    }

    private static Frame notify(InboxMessage m) {
        return Frame.newBuilder().setNotify(Notify.newBuilder().setMessage(m)).build();
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
