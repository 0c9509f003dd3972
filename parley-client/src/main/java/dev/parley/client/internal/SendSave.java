package dev.parley.client.internal;

import dev.parley.client.Message;
import dev.parley.client.SendMessageCallback;
import dev.parley.protocol.ErrorCode;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local save of one {@code sendMessage} call (a new SENDING row and its conversation, or a
 * FAILED row put back to SENDING), queued in the {@link GroupCommit} so sends, acks and live
 * notifies handled in one actor drain share a transaction. The frame goes out only after the
 * commit: the server never acknowledges a message this device has no row for, and a row that
 * is committed but not acknowledged is resent (same client id) after the next connect.
 */
final class SendSave implements GroupCommit.Write {
    private static final Logger log = LoggerFactory.getLogger(SendSave.class);

    private final MessageStore store;
    private final Outbox outbox;
    private final MessageEvents events;
    private final Message draft;
    private final SendMessageCallback callback;
    private final String me;
    private final String clientMsgId;
    private final long sentTime;
    private Message saved;

    SendSave(MessageStore store, Outbox outbox, MessageEvents events, Message draft, SendMessageCallback callback,
             String me, String clientMsgId, long sentTime) {
        this.store = store;
        this.outbox = outbox;
        this.events = events;
        this.draft = draft;
        this.callback = callback;
        this.me = me;
        this.clientMsgId = clientMsgId;
        this.sentTime = sentTime;
    }

    @Override
    public void write() throws SQLException {
        saved = draft.getMessageId() > 0
                ? store.resetToSending(draft.getMessageId())
                : store.insertSending(draft, me, clientMsgId, sentTime);
    }

    @Override
    public void committed() {
        if (saved == null) {
            // A resend of a row that is no longer an own FAILED message (sent again meanwhile).
            events.sent(callback, ErrorCode.INVALID_PARAMETER, draft);
            return;
        }
        events.saved(callback, saved);
        outbox.submit(saved, callback);
    }

    @Override
    public void failed(Exception e) {
        // Nothing of the batch is stored, so there is no row to send or to resend later.
        log.warn("{}: cannot store a message to send", me);
        events.sent(callback, ErrorCode.DATABASE_ERROR, draft);
    }
}
