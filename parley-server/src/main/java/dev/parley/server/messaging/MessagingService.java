package dev.parley.server.messaging;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.HistoryResult;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.SyncResult;
import dev.parley.server.gateway.Session;
import dev.parley.server.store.GroupRepository;
import dev.parley.server.store.InboxRow;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.StoredMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sending, syncing, recalling and history, for client sessions and the Server API alike.
 * Validates, decides whose inboxes a message goes to, and hands it to the group-commit
 * writer; the inbox is the truth and every device pulls from it.
 */
public final class MessagingService {
    public static final int MAX_GROUP_MEMBERS = 3000;
    public static final int MAX_SYNC = 200;
    /**
     * Room for messages in one sync or history answer: a frame is at most 256 KiB. No entry is
     * larger ({@link MessageBounds#MAX_ENTRY_BYTES}), so a page is never more than this.
     */
    static final int PAGE_BYTES = Protocol.MAX_FRAME_BYTES - 64 * 1024;

    private final MessageStore store;
    private final GroupRepository groups;
    private final MessageWriter writer;
    private final Delivery delivery;
    private final InboxHeads heads;
    private final MessageUids uids = new MessageUids();
    private final Clock clock;

    public MessagingService(MessageStore store, GroupRepository groups, MessageWriter writer, Delivery delivery,
                            InboxHeads heads, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.writer = writer;
        this.delivery = delivery;
        this.heads = heads;
        this.clock = clock;
    }

    /** What a sender is told: code 0 with the server id and time, or a refusal. */
    public record SendResult(int code, String messageUid, long sentTime, String detail) {
        public static SendResult refused(int code, String detail) {
            return new SendResult(code, null, 0, detail);
        }

        static SendResult stored(SendCommand.Stored s) {
            return new SendResult(ErrorCode.SUCCESS, s.message().messageUid(), s.message().sentTime(), "");
        }
    }

    /**
     * A message to send.
     *
     * @param includeSender     the sender's inbox gets an outgoing copy (their other devices see it)
     * @param toSelfOnly        only the sender's inbox (read-state sync between own devices)
     * @param fromClient        sent by a client session, not the app server: group sends need the
     *                          sender to be a member, and what only the app server may send is refused
     * @param directedTo        a group message meant for these members only (the Server API's
     *                          {@code toUserId}); {@code null}: every member
     */
    public record Outgoing(String appKey, String senderId, String clientMsgId, ConversationType type, String targetId,
                           String objectName, String content, String pushContent, boolean notPersisted,
                           boolean notCounted, List<String> mentioned, boolean includeSender, boolean toSelfOnly,
                           boolean fromClient, List<String> directedTo) {
    }

    public CompletableFuture<SendResult> send(Outgoing out) {
        return send(out, null);
    }

    /**
     * As {@link #send(Outgoing)}, for a client's Send: once the message is stored, its SendAck
     * is written to {@code replyTo} together with the batch's notifications. The caller
     * answers only refusals (a result with a non-zero code) and failures itself.
     */
    public CompletableFuture<SendResult> send(Outgoing out, ReplyTo replyTo) {
        List<String> mentioned = Mentions.distinct(out.mentioned());
        SendResult invalid = validate(out);
        if (invalid != null) {
            return CompletableFuture.completedFuture(invalid);
        }
        // Read once, for the mention check and the fan-out alike; a send to the sender's own
        // devices only needs the members just when it mentions someone.
        List<String> members = out.type() == ConversationType.GROUP && (!out.toSelfOnly() || !mentioned.isEmpty())
                ? groups.members(out.appKey(), out.targetId()) : null;
        invalid = checkMentionedMembers(out, mentioned, members);
        if (invalid != null) {
            return CompletableFuture.completedFuture(invalid);
        }
        List<String> recipients;
        if (out.toSelfOnly()) {
            recipients = List.of(out.senderId());
        } else {
            Optional<List<String>> found = recipients(out, members, out.includeSender());
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(SendResult.refused(ErrorCode.NOT_IN_GROUP,
                        "not a member of group " + out.targetId()));
            }
            recipients = found.get();
        }
        int flags = (out.notPersisted() ? StoredMessage.NOT_PERSISTED : 0) | (out.notCounted() ? StoredMessage.NOT_COUNTED : 0);
        long now = clock.millis();
        StoredMessage m = new StoredMessage(out.appKey(), uids.next(now), out.senderId(), out.clientMsgId(),
                out.type().getNumber(), out.targetId(), out.directedTo() != null ? "d:" + out.targetId() // not in group history
                        : ConversationKeys.of(out.type(), out.senderId(), out.targetId()),
                out.objectName(), out.content(), out.pushContent(), flags, mentioned, now);
        return write(m, recipients, null, replyTo);
    }

    private CompletableFuture<SendResult> write(StoredMessage m, List<String> recipients, String replaces,
                                                ReplyTo replyTo) {
        CompletableFuture<SendCommand.Stored> done = new CompletableFuture<>();
        if (!writer.submit(new SendCommand(m, recipients, replaces, replyTo, done))) {
            return CompletableFuture.completedFuture(SendResult.refused(ErrorCode.RC_MSG_SEND_FAIL,
                    "server busy: storage queue full"));
        }
        return done.thenApply(SendResult::stored);
    }

    /** Status-only (typing): online sessions of the recipients now, never stored. */
    public SendResult sendStatus(Outgoing out, Session origin) {
        SendResult invalid = validate(out);
        if (invalid != null) {
            return invalid;
        }
        List<String> members = out.type() == ConversationType.GROUP ? groups.members(out.appKey(), out.targetId()) : null;
        Optional<List<String>> recipients = recipients(out, members, false);
        if (recipients.isEmpty()) {
            return SendResult.refused(ErrorCode.NOT_IN_GROUP, "not a member of group " + out.targetId());
        }
        long now = clock.millis();
        StoredMessage m = new StoredMessage(out.appKey(), uids.next(now), out.senderId(), out.clientMsgId(),
                out.type().getNumber(), out.targetId(), "", out.objectName(), out.content(), null,
                StoredMessage.NOT_PERSISTED | StoredMessage.NOT_COUNTED, List.of(), now);
        delivery.deliverStatus(m, recipients.get(), origin);
        return new SendResult(ErrorCode.SUCCESS, m.messageUid(), now, "");
    }

    /**
     * Why {@code out} may not be sent whatever the group's members, or {@code null}: a client
     * sends private and group messages only (SYSTEM is the app server's channel), no send
     * carries a name only the node produces and no client one only the app server sends
     * ({@link ReservedObjectNames}), and every field is within its bound ({@link MessageBounds},
     * {@link Mentions}).
     */
    static SendResult validate(Outgoing out) {
        if (out.type() != ConversationType.PRIVATE && out.type() != ConversationType.GROUP
                && out.type() != ConversationType.SYSTEM) {
            return SendResult.refused(ErrorCode.INVALID_PARAMETER, "unsupported conversation type " + out.type());
        }
        if (out.fromClient() && out.type() == ConversationType.SYSTEM) {
            return SendResult.refused(ErrorCode.INVALID_PARAMETER,
                    "clients cannot send SYSTEM messages: the app server sends them (/message/system/publish.json)");
        }
        SendResult invalid = MessageBounds.check(out);
        if (invalid == null) {
            invalid = ReservedObjectNames.check(out);
        }
        if (invalid == null) {
            invalid = Mentions.checkShape(out.type(), Mentions.distinct(out.mentioned()));
        }
        return invalid;
    }

    /** Why the mentions of a group message do not fit the group, or {@code null}. */
    private static SendResult checkMentionedMembers(Outgoing out, List<String> mentioned, List<String> members) {
        if (mentioned.isEmpty()) {
            return null;
        }
        if (out.fromClient() && !members.contains(out.senderId())) {
            return SendResult.refused(ErrorCode.NOT_IN_GROUP, "not a member of group " + out.targetId());
        }
        return Mentions.checkMembers(out.targetId(), mentioned, members, out.fromClient());
    }

    /**
     * Whose inboxes get the message; empty when a group send comes from a non-member. A
     * directed group message goes to those of {@code directedTo} who are members.
     *
     * @param members the group's members as read for this send; null unless a group message
     */
    private static Optional<List<String>> recipients(Outgoing out, List<String> members, boolean includeSender) {
        String sender = out.senderId();
        boolean requireMembership = out.fromClient();
        List<String> directedTo = out.directedTo();
        Set<String> users = new LinkedHashSet<>();
        if (out.type() == ConversationType.GROUP) {
            if (requireMembership && !members.contains(sender)) {
                return Optional.empty();
            }
            if (directedTo == null) {
                users.addAll(members);
            } else {
                Set<String> memberSet = new HashSet<>(members);
                directedTo.stream().filter(memberSet::contains).forEach(users::add);
            }
            if (!includeSender) {
                users.remove(sender);
            }
        } else {
            users.add(out.targetId());
        }
        if (includeSender) {
            users.add(sender);
        }
        return Optional.of(new ArrayList<>(users));
    }

    /**
     * The answer to a sync when the in-memory inbox head shows nothing after {@code afterSeq}:
     * the common case on every connect, answered without storage and safe on any thread.
     * {@code null} when the head is not known here or there is something to read.
     */
    public SyncResult syncFromMemory(String appKey, String userId, long afterSeq) {
        long head = heads.get(appKey, userId);
        return head >= 0 && afterSeq >= head ? SyncResult.newBuilder().setMaxSeq(head).build() : null;
    }

    /** Inbox entries of {@code userId} after {@code afterSeq}, at most {@link #MAX_SYNC}. */
    public SyncResult sync(String appKey, String userId, long afterSeq, int limit) {
        long head = heads.get(appKey, userId);
        if (head < 0) {
            // Not seen since the node started (a first login, or every user after a restart):
            // one index lookup tells whether there is anything to read at all.
            head = store.maxSeq(appKey, userId);
            heads.learn(appKey, userId, head);
        }
        if (afterSeq >= head) {
            // The common case on every connect: nothing new, answered without reading the inbox.
            return SyncResult.newBuilder().setMaxSeq(head).build();
        }
        int n = limit <= 0 || limit > MAX_SYNC ? MAX_SYNC : limit;
        List<InboxRow> rows = store.readInbox(appKey, userId, afterSeq, n + 1);
        SyncResult.Builder b = SyncResult.newBuilder();
        int bytes = 0;
        int taken = 0;
        for (; taken < Math.min(n, rows.size()); taken++) {
            InboxRow r = rows.get(taken);
            // Never larger than a page: an entry that cannot be sent comes as a placeholder.
            InboxMessage m = PageEntries.forUser(r.message(), userId, r.seq());
            // A page must fit in one frame: stop early when large messages fill it.
            if (taken > 0 && bytes + m.getSerializedSize() > PAGE_BYTES) {
                break;
            }
            bytes += m.getSerializedSize() + 8;
            b.addMessages(m);
        }
        b.setHasMore(taken < rows.size());
        // A commit after the head was read may have added entries beyond it.
        long lastRead = rows.isEmpty() ? head : rows.get(rows.size() - 1).seq();
        return b.setMaxSeq(Math.max(head, lastRead)).build();
    }

    /**
     * Stored messages of a conversation, newest first. A group's history starts when the user
     * joined it (RongCloud's default): a member never reads what was said before they came.
     */
    public HistoryResult history(String appKey, String userId, ConversationType type, String targetId,
                                 long beforeTime, int limit) {
        long since = 0;
        if (type == ConversationType.GROUP) {
            Optional<Long> joined = groups.joinedAt(appKey, targetId, userId);
            if (joined.isEmpty()) {
                return HistoryResult.newBuilder().setCode(ErrorCode.NOT_IN_GROUP).build();
            }
            since = joined.get();
        }
        if (targetId == null || !MessageBounds.ID.matcher(targetId).matches() || (type != ConversationType.PRIVATE
                && type != ConversationType.GROUP && type != ConversationType.SYSTEM)) {
            return HistoryResult.newBuilder().setCode(ErrorCode.INVALID_PARAMETER).build();
        }
        int n = limit <= 0 ? 20 : Math.min(limit, 100);
        long before = beforeTime <= 0 ? Long.MAX_VALUE : beforeTime;
        List<StoredMessage> rows = sentSince(
                store.history(appKey, ConversationKeys.seenBy(type, userId, targetId), before, n + 1), since);
        HistoryResult.Builder b = HistoryResult.newBuilder().setCode(ErrorCode.SUCCESS);
        int bytes = 0;
        int taken = 0;
        for (; taken < Math.min(n, rows.size()); taken++) {
            StoredMessage stored = rows.get(taken);
            if (stored.notPersisted()) {
                continue;
            }
            InboxMessage m = PageEntries.forUser(stored, userId, 0);
            if (b.getMessagesCount() > 0 && bytes + m.getSerializedSize() > PAGE_BYTES) {
                break;
            }
            bytes += m.getSerializedSize() + 8;
            b.addMessages(m);
        }
        return b.setHasMore(taken < rows.size()).build();
    }

    /** The leading rows (newest first) sent at or after {@code since}: older ones end the history. */
    private static List<StoredMessage> sentSince(List<StoredMessage> newestFirst, long since) {
        for (int i = 0; i < newestFirst.size(); i++) {
            if (newestFirst.get(i).sentTime() < since) {
                return newestFirst.subList(0, i);
            }
        }
        return newestFirst;
    }

    /**
     * Recalls {@code userId}'s message: the stored original becomes a notice, and a notice
     * message goes to every recipient's and the sender's inbox so each device replaces it.
     */
    public CompletableFuture<SendResult> recall(String appKey, String userId, String messageUid) {
        Optional<StoredMessage> found = store.find(appKey, messageUid);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(SendResult.refused(ErrorCode.INVALID_PARAMETER, "no such message"));
        }
        StoredMessage original = found.get();
        if (!original.senderId().equals(userId)) {
            return CompletableFuture.completedFuture(SendResult.refused(ErrorCode.RECALL_NOT_OWN_MESSAGE,
                    "only the sender may recall a message"));
        }
        ConversationType type = ConversationType.forNumber(original.conversationType());
        long now = clock.millis();
        String notice = MessageContent.recallNotice(original.messageUid(), original.objectName(), now, userId);
        List<String> recipients = type == ConversationType.GROUP
                ? groupRecallRecipients(appKey, original)
                : List.copyOf(new LinkedHashSet<>(List.of(original.targetId(), userId))); // the other party and the sender
        StoredMessage m = new StoredMessage(appKey, uids.next(now), userId, "recall:" + messageUid, type.getNumber(),
                original.targetId(), original.conversationKey(), MessageContent.RECALL_NOTICE, notice, null,
                StoredMessage.NOT_COUNTED, List.of(), now);
        return write(m, recipients, messageUid, null);
    }

    /**
     * Who is told of a group message's recall: the sender and the members who received the
     * original (joined at or before it was sent); a member who joined later never had it.
     */
    private List<String> groupRecallRecipients(String appKey, StoredMessage original) {
        Set<String> users = new LinkedHashSet<>(groups.membersJoinedBy(appKey, original.targetId(), original.sentTime()));
        users.add(original.senderId());
        return new ArrayList<>(users);
    }
}
