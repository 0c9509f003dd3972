package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.RecallAck;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SendAck;
import dev.parley.server.auth.App;
import dev.parley.server.auth.AppRegistry;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.messaging.MessagingService.SendResult;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messaging requests of an authenticated session: Send, Sync, History, Recall. Answers
 * carry the request's id. The requests run on a messaging executor, not the event loop: they
 * may read storage (sync, history, group members). Each connection has one executor of the
 * group, so its requests stay on one thread in arrival order and a device's messages are
 * stored in the order it sent them. The handler itself sits on the event loop and hands over
 * only these requests: channel events (registered, read complete, inactive, ...) and other
 * frames do not make a round trip through a messaging thread.
 */
@ChannelHandler.Sharable
public final class MessagingHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MessagingHandler.class);

    private final MessagingService messaging;
    private final AppRegistry apps;
    private final EventExecutor[] executors;

    public MessagingHandler(MessagingService messaging, AppRegistry apps, EventExecutorGroup executors) {
        this.messaging = messaging;
        this.apps = apps;
        List<EventExecutor> all = new ArrayList<>();
        executors.forEach(all::add);
        this.executors = all.toArray(new EventExecutor[0]);
    }

    /** The executor of this connection's requests: always the same one for a channel. */
    private EventExecutor executorOf(Channel ch) {
        return executors[Math.floorMod(ch.id().hashCode(), executors.length)];
    }

    /** The connect-time sync answered from memory, for {@link ConnectSyncHandler}. */
    ConnectSyncHandler.QuickSync quickSync() {
        return messaging::syncFromMemory;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f && switch (f.getBodyCase()) {
            case SEND, SYNC, HISTORY, RECALL -> true;
            default -> false;
        }) {
            executorOf(ctx.channel()).execute(() -> {
                try {
                    handle(ctx, f);
                } catch (RuntimeException e) {
                    // A storage failure mid-request: close so the client reconnects and retries.
                    log.error("request on {} failed; closing", ctx.channel(), e);
                    ctx.close();
                }
            });
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, Frame f) {
        Session session = ctx.channel().attr(GatewayAttributes.SESSION).get();
        Channel ch = ctx.channel();
        switch (f.getBodyCase()) {
            case SEND -> send(ch, session, f);
            case SYNC -> ch.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                    .setSyncResult(messaging.sync(session.appKey(), session.userId(), f.getSync().getAfterSeq(),
                            f.getSync().getLimit())).build());
            case HISTORY -> {
                HistoryRequest h = f.getHistory();
                ch.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                        .setHistoryResult(messaging.history(session.appKey(), session.userId(), h.getConversationType(),
                                h.getTargetId(), h.getBeforeTime(), h.getLimit())).build());
            }
            case RECALL -> messaging.recall(session.appKey(), session.userId(), f.getRecall().getMessageUid())
                    .whenComplete((r, e) -> ch.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                            .setRecallAck(RecallAck.newBuilder()
                                    .setCode(e != null ? ErrorCode.RC_MSG_SEND_FAIL : r.code())
                                    .setDetail(e != null ? "storage error" : r.detail())).build()));
            default -> throw new IllegalStateException("not a messaging request: " + f.getBodyCase());
        }
    }

    private void send(Channel channel, Session session, Frame f) {
        Send s = f.getSend();
        App app = apps.find(session.appKey()).orElse(null);
        int rate = app == null ? 0 : app.sendRateLimit();
        if (!s.getStatusOnly() && !session.sendLimiter().tryAcquire(rate, System.nanoTime())) {
            ack(channel, f, SendResult.refused(ErrorCode.SEND_MSG_FREQUENCY_OVERRUN,
                    "more than " + rate + " messages per second"));
            return;
        }
        MessagingService.Outgoing out = new MessagingService.Outgoing(session.appKey(), session.userId(),
                s.getClientMsgId(), s.getConversationType(), s.getTargetId(), s.getObjectName(), s.getContent(),
                s.getPushContent().isEmpty() ? null : s.getPushContent(), s.getNotPersisted(), s.getNotCounted(),
                s.getMentionedUserIdsList(), true, s.getToSelfOnly(), true);
        if (s.getStatusOnly()) {
            ack(channel, f, messaging.sendStatus(out, session));
            return;
        }
        messaging.send(out).whenComplete((r, e) -> {
            if (e != null) {
                log.error("send from {} failed", session, e);
                ack(channel, f, SendResult.refused(ErrorCode.RC_MSG_SEND_FAIL, "storage error"));
            } else {
                ack(channel, f, r);
            }
        });
    }

    private static void ack(Channel channel, Frame request, SendResult r) {
        SendAck.Builder ack = SendAck.newBuilder().setCode(r.code()).setDetail(r.detail() == null ? "" : r.detail());
        if (r.messageUid() != null) {
            ack.setMessageUid(r.messageUid()).setSentTime(r.sentTime());
        }
        channel.writeAndFlush(Frame.newBuilder().setRequestId(request.getRequestId()).setSendAck(ack).build());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof RuntimeException && !(cause instanceof io.netty.handler.codec.DecoderException)) {
            // A storage failure mid-request: close so the client reconnects and retries.
            log.error("request on {} failed; closing", ctx.channel(), cause);
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
