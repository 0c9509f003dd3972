package dev.parley.server.cluster;

import dev.parley.protocol.cluster.PeerMessage;
import dev.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;

/** A stored message and some of its recipients' seqs, to and from the bus's {@link PeerMessage}. */
final class PeerMessages {
    private PeerMessages() {
    }

    /** The message once, with {@code users} and their seqs ({@code 0} for status-only messages). */
    static PeerMessage encode(StoredMessage m, List<String> users, List<Long> seqs) {
        PeerMessage.Builder b = PeerMessage.newBuilder()
                .setAppKey(m.appKey())
                .setMessageUid(m.messageUid())
                .setSenderId(m.senderId())
                .setClientMsgId(nullToEmpty(m.clientMsgId()))
                .setConversationType(m.conversationType())
                .setTargetId(m.targetId())
                .setConversationKey(nullToEmpty(m.conversationKey()))
                .setObjectName(m.objectName())
                .setContent(nullToEmpty(m.content()))
                .setFlags(m.flags())
                .addAllMentioned(m.mentioned())
                .setSentTime(m.sentTime())
                .addAllUsers(users)
                .addAllSeqs(seqs);
        if (m.pushContent() != null) {
            b.setPushContent(m.pushContent());
        }
        return b.build();
    }

    static StoredMessage message(PeerMessage p) {
        return new StoredMessage(p.getAppKey(), p.getMessageUid(), p.getSenderId(), p.getClientMsgId(),
                p.getConversationType(), p.getTargetId(), p.getConversationKey(), p.getObjectName(), p.getContent(),
                p.hasPushContent() ? p.getPushContent() : null, p.getFlags(), List.copyOf(p.getMentionedList()),
                p.getSentTime());
    }

    static long[] seqs(PeerMessage p) {
        long[] seqs = new long[p.getSeqsCount()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = p.getSeqs(i);
        }
        return seqs;
    }

    static List<String> users(PeerMessage p) {
        return new ArrayList<>(p.getUsersList());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
