package dev.parley.server.messaging;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Notify;
import dev.parley.server.gateway.Session;
import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.StoredMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Tells live sessions about new inbox entries. One thread, so each user's notifications go
 * out in seq order; a lost or late notification costs nothing but a sync, since devices pull
 * from the inbox whenever they see a gap.
 */
public final class Delivery implements AutoCloseable {
    private static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;

    private final SessionRegistry sessions;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("parley-delivery", true));

    public Delivery(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /**
     * Notifies every live session of every user with a new entry in {@code batch}. Frames are
     * written per session and flushed once per session per batch: one syscall for a burst.
     */
    void deliver(List<SendCommand.Stored> batch) {
        thread.execute(() -> {
            Set<Channel> touched = new HashSet<>();
            for (SendCommand.Stored stored : batch) {
                for (int i = 0; i < stored.users().size(); i++) {
                    notifyUser(stored.message(), stored.users().get(i), stored.seqs()[i], touched);
                }
            }
            touched.forEach(Channel::flush);
        });
    }

    /** A status-only message (typing): online sessions of {@code users}, never stored, seq 0. */
    void deliverStatus(StoredMessage message, List<String> users, Session except) {
        thread.execute(() -> {
            for (String user : users) {
                Frame frame = notify(InboxMessages.forUser(message, user, 0));
                for (Session s : sessions.sessionsOf(message.appKey(), user)) {
                    if (s != except && write(s, frame)) {
                        s.channel().flush();
                    }
                }
            }
        });
    }

    private void notifyUser(StoredMessage message, String user, long seq, Set<Channel> touched) {
        List<Session> live = sessions.sessionsOf(message.appKey(), user);
        if (live.isEmpty()) {
            return;
        }
        Frame frame = notify(InboxMessages.forUser(message, user, seq));
        for (Session s : live) {
            if (write(s, frame)) {
                touched.add(s.channel());
            }
        }
    }

    /**
     * Never buffers without bound: past the high-water mark the session's buffer is pushed
     * out first; a session still holding more than {@link #MAX_PENDING_BYTES} unsent (its
     * device reads slower than we write) is closed, and it will reconnect and sync.
     */
    private static boolean write(Session s, Frame frame) {
        Channel ch = s.channel();
        if (!ch.isWritable()) {
            ch.flush();
            ChannelOutboundBuffer pending = ch.unsafe().outboundBuffer();
            if (pending == null || pending.totalPendingWriteBytes() > MAX_PENDING_BYTES) {
                ch.close();
                return false;
            }
        }
        ch.write(frame, ch.voidPromise());
        return true;
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
