package dev.parley.client.testing;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.HistoryResult;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Notify;
import dev.parley.protocol.wire.RecallAck;
import dev.parley.protocol.wire.RecallRequest;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SendAck;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messaging side of {@link FakeGateway}: an in-memory message service that behaves as
 * the real server promises (per-user inboxes with gapless seqs, idempotent sends by client
 * id, SendAck then Notify to every live session of recipients and sender, sync pages,
 * recall, history), plus fault knobs. One lock around everything: frames to each socket are
 * written in the order the state changed.
 */
public final class FakeMessaging {
    /** One stored message (the recall replaces its type and content, as the server does). */
    private static final class Stored {
        String uid;
        String sender;
        ConversationType type;
        String target;
        String objectName;
        String content;
        long sentTime;
        String clientMsgId;
        boolean notPersisted;
        boolean notCounted;
        boolean toSelfOnly;
        List<String> mentioned = List.of();
        List<String> recipients = List.of();
    }

    private final Map<String, List<InboxMessage>> inboxes = new HashMap<>();
    private final Map<String, Stored> byUid = new HashMap<>();
    private final Map<String, Stored> bySenderAndClientId = new HashMap<>();
    private final List<Stored> stored = new ArrayList<>();
    private final Map<String, Set<String>> groups = new HashMap<>();
    private final Map<String, Set<Channel>> sessions = new HashMap<>();
    private final Map<Channel, Frame> heldNotify = new HashMap<>();
    private final Map<Channel, Integer> syncPagesSent = new HashMap<>();
    private long lastSentTime;
    private int uidCounter;

    // ---- fault knobs ----
    /** Drop this many SendAcks (the message is still stored and notified). */
    public final AtomicInteger dropSendAcks = new AtomicInteger();
    /** Send no Notify at all (entries still go into the inboxes). */
    public volatile boolean dropNotifies;
    /** Send every Notify twice. */
    public volatile boolean duplicateNotifies;
    /** Swap each pair of Notifies to a socket: hold one back and write it after the next. */
    public volatile boolean swapNotifyPairs;
    /** Close the socket right after writing this many SyncResults on it (once; -1 off). */
    public volatile int closeAfterSyncPages = -1;
    /** Store (and notify) the next Send, then close its socket instead of acking. */
    public volatile boolean closeInsteadOfNextSendAck;
    /** Keep SendAcks back until {@link #releaseSendAcks()}. */
    public volatile boolean holdSendAcks;
    private final List<Runnable> heldAcks = new ArrayList<>();

    // ---- what clients sent ----
    public final List<Send> sends = new CopyOnWriteArrayList<>();
    public final List<SyncRequest> syncRequests = new CopyOnWriteArrayList<>();
    /** Requests whose request_id was 0 or already used on their socket: must stay 0. */
    public final AtomicInteger badRequestIds = new AtomicInteger();
    private final Map<Channel, Set<Integer>> requestIdsSeen = new HashMap<>();

    // ---- hooks from the gateway ----

    /** Writes the ConnectAck and registers the session in one step, so no Notify can overtake the ack. */
    synchronized void sessionStarted(String userId, Channel ch, Frame connectAck) {
        ch.writeAndFlush(connectAck);
        sessions.computeIfAbsent(userId, u -> new LinkedHashSet<>()).add(ch);
    }

    synchronized void sessionEnded(String userId, Channel ch) {
        Set<Channel> set = sessions.get(userId);
        if (set != null) {
            set.remove(ch);
        }
        heldNotify.remove(ch);
        syncPagesSent.remove(ch);
        requestIdsSeen.remove(ch);
    }

    synchronized void onFrame(String userId, Channel ch, Frame frame) {
        if (frame.getRequestId() == 0 || !requestIdsSeen.computeIfAbsent(ch, c -> new java.util.HashSet<>())
                .add(frame.getRequestId())) {
            badRequestIds.incrementAndGet();
        }
        switch (frame.getBodyCase()) {
            case SEND -> onSend(userId, ch, frame.getRequestId(), frame.getSend());
            case SYNC -> onSync(userId, ch, frame.getRequestId(), frame.getSync());
            case RECALL -> onRecall(userId, ch, frame.getRequestId(), frame.getRecall());
            case HISTORY -> onHistory(userId, ch, frame.getRequestId(), frame.getHistory());
            default -> { }
        }
    }

    // ---- the app server's side, for tests ----

    /** Creates a group with these members. */
    public synchronized void createGroup(String groupId, String... members) {
        groups.put(groupId, new LinkedHashSet<>(List.of(members)));
    }

    /** Sends a message from {@code from} as the Server API would (no entry for the sender). */
    public String publish(String from, ConversationType type, String target, String objectName, String content) {
        return publish(from, type, target, objectName, content, false, false, false);
    }

    /** Sends a text message from {@code from} to {@code to} privately. */
    public String publishText(String from, String to, String text) {
        return publish(from, ConversationType.PRIVATE, to, "RC:TxtMsg", "{\"content\":\"" + text + "\"}");
    }

    /** As the Server API with its flags; {@code includeSender} gives the sender's devices an outgoing entry. */
    public synchronized String publish(String from, ConversationType type, String target, String objectName,
                                       String content, boolean includeSender, boolean notPersisted, boolean notCounted) {
        Send send = Send.newBuilder().setConversationType(type).setTargetId(target).setObjectName(objectName)
                .setContent(content).setNotPersisted(notPersisted).setNotCounted(notCounted).build();
        Stored s = store(from, send, recipients(from, send));
        fanOut(s, includeSender);
        return s.uid;
    }

    /** A status-only message (typing) to the online sessions of {@code to}. */
    public synchronized void publishStatus(String from, String to, String objectName, String content) {
        InboxMessage e = InboxMessage.newBuilder().setSeq(0).setConversationType(ConversationType.PRIVATE)
                .setTargetId(from).setSenderUserId(from).setObjectName(objectName).setContent(content)
                .setSentTime(nextSentTime()).build();
        notify(to, e);
    }

    /** Writes the SendAcks held back so far, back to back: they reach each client as one burst. */
    public synchronized void releaseSendAcks() {
        holdSendAcks = false;
        heldAcks.forEach(Runnable::run);
        heldAcks.clear();
    }

    /** A copy of one user's inbox, in seq order. */
    public synchronized List<InboxMessage> inbox(String userId) {
        return List.copyOf(inboxes.getOrDefault(userId, List.of()));
    }

    /** How many messages were stored (each once, however often it was sent). */
    public synchronized int storedCount() {
        return stored.size();
    }

    /** Stored messages with this content, e.g. to check one copy of a resent message. */
    public synchronized long storedWithContent(String content) {
        return stored.stream().filter(s -> s.content.equals(content)).count();
    }

    /** Number of live sessions of a user. */
    public synchronized int sessions(String userId) {
        return sessions.getOrDefault(userId, Set.of()).size();
    }

    // ---- requests ----

    private void onSend(String user, Channel ch, int requestId, Send send) {
        sends.add(send);
        if (send.getContent().getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_CONTENT_BYTES) {
            ack(ch, requestId, ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT, null);
            return;
        }
        if (send.getConversationType() == ConversationType.GROUP
                && !groups.getOrDefault(send.getTargetId(), Set.of()).contains(user)) {
            ack(ch, requestId, ErrorCode.NOT_IN_GROUP, null);
            return;
        }
        if (send.getStatusOnly()) {
            ack(ch, requestId, ErrorCode.SUCCESS, null);
            for (String r : recipients(user, send)) {
                notify(r, entry(null, user, send, r, false, nextSentTime(), 0));
            }
            return;
        }
        String key = user + "\u0000" + send.getClientMsgId();
        Stored s = bySenderAndClientId.get(key);
        if (s != null) {
            ack(ch, requestId, ErrorCode.SUCCESS, s);
            return;
        }
        s = store(user, send, send.getToSelfOnly() ? List.of() : recipients(user, send));
        bySenderAndClientId.put(key, s);
        if (closeInsteadOfNextSendAck) {
            closeInsteadOfNextSendAck = false;
            ch.close();
        } else if (dropSendAcks.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            ack(ch, requestId, ErrorCode.SUCCESS, s);
        }
        fanOut(s, true);
    }

    private void onSync(String user, Channel ch, int requestId, SyncRequest req) {
        syncRequests.add(req);
        List<InboxMessage> inbox = inboxes.getOrDefault(user, List.of());
        int limit = req.getLimit() == 0 ? 200 : Math.min(200, req.getLimit());
        int from = (int) Math.min(req.getAfterSeq(), inbox.size());
        int to = Math.min(inbox.size(), from + limit);
        SyncResult result = SyncResult.newBuilder().addAllMessages(inbox.subList(from, to))
                .setHasMore(to < inbox.size()).setMaxSeq(inbox.size()).build();
        var written = ch.writeAndFlush(Frame.newBuilder().setRequestId(requestId).setSyncResult(result).build());
        int pages = syncPagesSent.merge(ch, 1, Integer::sum);
        if (pages == closeAfterSyncPages) {
            closeAfterSyncPages = -1;
            written.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    private void onRecall(String user, Channel ch, int requestId, RecallRequest req) {
        Stored original = byUid.get(req.getMessageUid());
        int code = original == null ? ErrorCode.INVALID_PARAMETER
                : !original.sender.equals(user) ? ErrorCode.RECALL_NOT_OWN_MESSAGE : ErrorCode.SUCCESS;
        ch.writeAndFlush(Frame.newBuilder().setRequestId(requestId)
                .setRecallAck(RecallAck.newBuilder().setCode(code)).build());
        if (code != ErrorCode.SUCCESS) {
            return;
        }
        String notice = "{\"messageUId\":\"" + original.uid + "\",\"originalObjectName\":\"" + original.objectName
                + "\",\"recallTime\":" + System.currentTimeMillis() + ",\"operatorId\":\"" + user + "\"}";
        original.objectName = "RC:RcNtf";
        original.content = notice;
        Stored n = new Stored();
        n.uid = nextUid();
        n.sender = user;
        n.type = original.type;
        n.target = original.target;
        n.objectName = "RC:RcNtf";
        n.content = notice;
        n.sentTime = nextSentTime();
        n.notCounted = true;
        n.recipients = original.recipients;
        byUid.put(n.uid, n);
        fanOut(n, true);
    }

    private void onHistory(String user, Channel ch, int requestId, HistoryRequest req) {
        long before = req.getBeforeTime() == 0 ? Long.MAX_VALUE : req.getBeforeTime();
        int limit = req.getLimit() == 0 ? 20 : Math.min(100, req.getLimit());
        List<Stored> matching = stored.stream()
                .filter(s -> !s.notPersisted && !s.toSelfOnly && s.type == req.getConversationType())
                .filter(s -> inConversation(s, user, req.getTargetId()) && s.sentTime < before)
                .sorted(Comparator.comparingLong((Stored s) -> s.sentTime).reversed())
                .toList();
        HistoryResult.Builder result = HistoryResult.newBuilder().setHasMore(matching.size() > limit);
        for (Stored s : matching.subList(0, Math.min(limit, matching.size()))) {
            boolean mine = s.sender.equals(user);
            result.addMessages(inboxEntry(s, user, mine, 0));
        }
        ch.writeAndFlush(Frame.newBuilder().setRequestId(requestId).setHistoryResult(result).build());
    }

    // ---- storage and fan-out ----

    private Stored store(String sender, Send send, List<String> recipients) {
        Stored s = new Stored();
        s.uid = nextUid();
        s.sender = sender;
        s.type = send.getConversationType();
        s.target = send.getTargetId();
        s.objectName = send.getObjectName();
        s.content = send.getContent();
        s.sentTime = nextSentTime();
        s.clientMsgId = send.getClientMsgId();
        s.notPersisted = send.getNotPersisted();
        s.notCounted = send.getNotCounted();
        s.toSelfOnly = send.getToSelfOnly();
        s.mentioned = send.getMentionedUserIdsList();
        s.recipients = recipients;
        stored.add(s);
        byUid.put(s.uid, s);
        return s;
    }

    /** Appends the inbox entries of a stored message, then notifies every live session. */
    private void fanOut(Stored s, boolean includeSender) {
        List<String> users = new ArrayList<>(s.recipients);
        if (includeSender && !users.contains(s.sender)) {
            users.add(s.sender);
        }
        Map<String, InboxMessage> entries = new LinkedHashMap<>();
        for (String u : users) {
            List<InboxMessage> inbox = inboxes.computeIfAbsent(u, k -> new ArrayList<>());
            InboxMessage e = inboxEntry(s, u, u.equals(s.sender), inbox.size() + 1);
            inbox.add(e);
            entries.put(u, e);
        }
        entries.forEach(this::notify);
    }

    private InboxMessage inboxEntry(Stored s, String user, boolean outgoing, long seq) {
        String target = s.type == ConversationType.PRIVATE && !outgoing ? s.sender : s.target;
        return InboxMessage.newBuilder().setSeq(seq).setMessageUid(s.uid).setConversationType(s.type)
                .setTargetId(target).setSenderUserId(s.sender).setObjectName(s.objectName).setContent(s.content)
                .setSentTime(s.sentTime).setOutgoing(outgoing).setClientMsgId(outgoing && s.clientMsgId != null ? s.clientMsgId : "")
                .setNotPersisted(s.notPersisted).setNotCounted(s.notCounted).addAllMentionedUserIds(s.mentioned).build();
    }

    private InboxMessage entry(String uid, String sender, Send send, String user, boolean outgoing, long sentTime, long seq) {
        Stored s = new Stored();
        s.uid = uid == null ? "" : uid;
        s.sender = sender;
        s.type = send.getConversationType();
        s.target = send.getTargetId();
        s.objectName = send.getObjectName();
        s.content = send.getContent();
        s.sentTime = sentTime;
        return inboxEntry(s, user, outgoing, seq);
    }

    private List<String> recipients(String sender, Send send) {
        return switch (send.getConversationType()) {
            case GROUP -> groups.getOrDefault(send.getTargetId(), Set.of()).stream().filter(m -> !m.equals(sender)).toList();
            default -> List.of(send.getTargetId());
        };
    }

    private static boolean inConversation(Stored s, String user, String target) {
        if (s.type == ConversationType.PRIVATE) {
            return (s.sender.equals(user) && s.target.equals(target)) || (s.sender.equals(target) && s.target.equals(user));
        }
        return s.target.equals(target);
    }

    private void notify(String user, InboxMessage e) {
        Frame frame = Frame.newBuilder().setNotify(Notify.newBuilder().setMessage(e)).build();
        for (Channel ch : sessions.getOrDefault(user, Set.of())) {
            if (dropNotifies) {
                continue;
            }
            if (swapNotifyPairs) {
                Frame held = heldNotify.remove(ch);
                if (held == null) {
                    heldNotify.put(ch, frame);
                } else {
                    ch.write(frame);
                    ch.writeAndFlush(held);
                }
                continue;
            }
            ch.writeAndFlush(frame);
            if (duplicateNotifies) {
                ch.writeAndFlush(frame);
            }
        }
    }

    private void ack(Channel ch, int requestId, int code, Stored s) {
        SendAck.Builder ack = SendAck.newBuilder().setCode(code);
        if (s != null) {
            ack.setMessageUid(s.uid).setSentTime(s.sentTime);
        }
        Frame frame = Frame.newBuilder().setRequestId(requestId).setSendAck(ack).build();
        if (holdSendAcks) {
            heldAcks.add(() -> ch.writeAndFlush(frame));
        } else {
            ch.writeAndFlush(frame);
        }
    }

    private String nextUid() {
        return String.format("UID-%06d", ++uidCounter);
    }

    private long nextSentTime() {
        lastSentTime = Math.max(System.currentTimeMillis(), lastSentTime + 1);
        return lastSentTime;
    }
}
