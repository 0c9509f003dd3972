package dev.parley.server.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.RocksMessageStore.ExportedInboxEntry;
import dev.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Copies an embedded node's message store into the cluster's database, streaming it a page
 * at a time: messages, then inbox entries (each keeps its seq), then each user's last seq into
 * {@code inbox_heads}, raised to the higher of the two when the target has one: the cluster's
 * seq allocator continues from it, so a device that synced up to seq 57 on the embedded node
 * gets 58 next, never a seq it already has.
 */
final class MessageCopy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MESSAGE_COLUMNS = List.of("app_key", "message_uid", "sender_id",
            "client_msg_id", "conversation_type", "target_id", "conversation_key", "object_name", "content",
            "push_content", "flags", "mentions", "sent_time");
    private static final List<String> INBOX_COLUMNS = List.of("app_key", "user_id", "seq", "message_uid", "sent_time");

    private final RocksMessageStore source;
    private final DataSource target;
    private final Tally tally;
    private final int page;

    MessageCopy(RocksMessageStore source, DataSource target, Tally tally, int page) {
        this.source = source;
        this.target = target;
        this.tally = tally;
        this.page = page;
    }

    void run() {
        copyMessages();
        copyInbox();
        copyHeads();
    }

    private void copyMessages() {
        // Same uid and sender's client id: the same message (a uid alone could be another's).
        TargetTable out = TargetTable.keyedSame(target, "messages", MESSAGE_COLUMNS, List.of("app_key", "message_uid"),
                "client_msg_id", tally.table("messages"));
        source.exportMessages(page, messages -> {
            List<Object[]> rows = new ArrayList<>(messages.size());
            for (StoredMessage m : messages) {
                rows.add(new Object[] {m.appKey(), m.messageUid(), m.senderId(), m.clientMsgId(), m.conversationType(),
                        m.targetId(), m.conversationKey(), m.objectName(), m.content(), m.pushContent(), m.flags(),
                        mentionsJson(m.mentioned()), m.sentTime()});
            }
            out.write(rows);
        });
    }

    private void copyInbox() {
        Tally.Counts counts = tally.table("inbox");
        // An entry at the same seq must point at the same message: another one there means the
        // cluster already gave that seq away, and the entry is reported missing.
        TargetTable out = TargetTable.keyedSame(target, "inbox", INBOX_COLUMNS, List.of("app_key", "user_id", "seq"),
                "message_uid", counts);
        source.exportInbox(page, entries -> {
            List<Object[]> rows = new ArrayList<>(entries.size());
            for (ExportedInboxEntry e : entries) {
                if (e.hasMessage()) {
                    rows.add(new Object[] {e.appKey(), e.userId(), e.seq(), e.messageUid(), e.sentTime()});
                } else {
                    counts.add(1, 0, 0);
                    counts.problem("entry " + e.seq() + " of " + e.userId() + " points at message " + e.messageUid()
                            + ", which the store does not hold");
                }
            }
            out.write(rows);
        });
    }

    private void copyHeads() {
        TargetTable out = TargetTable.raisingSeq(target, "inbox_heads", List.of("app_key", "user_id"),
                tally.table("inbox_heads"));
        source.exportInboxHeads(page, heads -> out.write(heads.stream()
                .map(h -> new Object[] {h.appKey(), h.userId(), h.seq()}).toList()));
    }

    /** As the relational store writes mentions: none is null, else a JSON array of user ids. */
    private static String mentionsJson(List<String> mentioned) {
        if (mentioned.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(mentioned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode mentions", e);
        }
    }
}
