package dev.parley.server.messaging;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Notify;
import dev.parley.server.gateway.Outbound;
import dev.parley.server.gateway.Session;
import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.StoredMessage;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Answers and notifies the live sessions of a committed batch. One thread, so each user's
 * notifications go out in seq order; a lost or late notification costs nothing but a sync,
 * since devices pull from the inbox whenever they see a gap.
 */
public final class Delivery implements AutoCloseable {
    private final SessionRegistry sessions;
    private final PeerDelivery peers;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("parley-delivery", true));

    public Delivery(SessionRegistry sessions) {
        this(sessions, PeerDelivery.NONE);
    }

    /** As above; {@code peers} hears of every committed batch too (cluster mode: other nodes' sessions). */
    public Delivery(SessionRegistry sessions, PeerDelivery peers) {
        this.sessions = sessions;
        this.peers = peers;
    }

    /**
     * The SendAcks of the batch's client sends, then a notification to every live session of
     * every user with a new entry, handed to the event loops together ({@link Outbound}): a
     * sender's ack and the echo to its own session leave in one write. Acks come first, so a
     * sender learns its uid before its other devices hear of the message.
     */
    void deliver(List<SendCommand> commands, List<SendCommand.Stored> batch) {
        thread.execute(() -> {
            Outbound out = new Outbound();
            for (int i = 0; i < commands.size(); i++) {
                ReplyTo reply = commands.get(i).replyTo();
                if (reply != null) {
                    out.add(reply.channel(), SendAcks.frame(reply.requestId(),
                            MessagingService.SendResult.stored(batch.get(i))));
                }
            }
            for (SendCommand.Stored stored : batch) {
                for (int i = 0; i < stored.users().size(); i++) {
                    notifyUser(out, stored.message(), stored.users().get(i), stored.seqs()[i]);
                }
            }
            out.send();
            if (peers != PeerDelivery.NONE) {
                List<PeerDelivery.Entry> entries = new java.util.ArrayList<>(batch.size());
                for (SendCommand.Stored stored : batch) {
                    if (!stored.users().isEmpty()) {
                        entries.add(new PeerDelivery.Entry(stored.message(), stored.users(), stored.seqs()));
                    }
                }
                if (!entries.isEmpty()) {
                    peers.committed(entries);
                }
            }
        });
    }

    /**
     * Notifies the local sessions of {@code users} of a message another node committed (or of
     * a status-only message, seq 0), the same frames as for a local commit.
     */
    public void deliverFromPeer(StoredMessage message, List<String> users, long[] seqs) {
        thread.execute(() -> {
            Outbound out = new Outbound();
            for (int i = 0; i < users.size(); i++) {
                notifyUser(out, message, users.get(i), seqs[i]);
            }
            out.send();
        });
    }

    /** A status-only message (typing): online sessions of {@code users}, never stored, seq 0. */
    void deliverStatus(StoredMessage message, List<String> users, Session except) {
        thread.execute(() -> {
            Outbound out = new Outbound();
            for (String user : users) {
                Frame frame = notify(InboxMessages.forUser(message, user, 0));
                for (Session s : sessions.sessionsOf(message.appKey(), user)) {
                    if (s != except) {
                        out.add(s.channel(), frame);
                    }
                }
            }
            out.send();
            peers.status(message, users);
        });
    }

    private void notifyUser(Outbound out, StoredMessage message, String user, long seq) {
        List<Session> live = sessions.sessionsOf(message.appKey(), user);
        if (live.isEmpty()) {
            return;
        }
        Frame frame = notify(InboxMessages.forUser(message, user, seq));
        for (Session s : live) {
            out.add(s.channel(), frame);
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
