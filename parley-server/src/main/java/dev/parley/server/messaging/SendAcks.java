package dev.parley.server.messaging;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.SendAck;
import dev.parley.server.messaging.MessagingService.SendResult;

/** The SendAck frame answering a client's Send: one shape for stored messages and refusals. */
public final class SendAcks {
    private SendAcks() {
    }

    public static Frame frame(int requestId, SendResult r) {
        SendAck.Builder ack = SendAck.newBuilder().setCode(r.code()).setDetail(r.detail() == null ? "" : r.detail());
        if (r.messageUid() != null) {
            ack.setMessageUid(r.messageUid()).setSentTime(r.sentTime());
        }
        return Frame.newBuilder().setRequestId(requestId).setSendAck(ack).build();
    }
}
