package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageContent;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.HistoryRequest;
import dev.parley.protocol.wire.RecallAck;
import dev.parley.protocol.wire.Send;
import dev.parley.server.auth.App;
import dev.parley.server.auth.AppRegistry;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.messaging.MessagingService.SendResult;
import dev.parley.server.messaging.ReplyTo;
import dev.parley.server.messaging.SendAcks;
import dev.parley.server.store.StoreUnavailableException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messaging requests of an authenticated session: Send, Sync, History, Recall. Answers
 * carry the request's id. Requests that may read storage (sync, history, recall, group sends,
 * which read the member list) run on a messaging executor, never on the event loop; each
 * connection has one executor of the group, so those stay on one thread in arrival order.
 * 1:1 and system sends need no storage read before the writer and are handled on the event
 * loop itself (see {@link #onSend}); sends to one conversation always take the same path, so
 * a device's messages in a conversation are stored in the order it sent them. A stored
 * message's SendAck goes out with its batch's notifications ({@code messaging.Delivery}).
 *
 * <p>The requests that run on the executor come through {@link InFlightLimiter}, which
 * holds a few per connection at once and keeps the rest waiting in order; each is released
 * here when done. Send budgets are per device ({@link SendBudgets}), so reconnecting does not
 * refill them; status sends (typing) have a budget and a content size of their own.
 */
@ChannelHandler.Sharable
public final class MessagingHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MessagingHandler.class);
    /** Largest content of a status send (typing: {@code {"typingContentType":"RC:TxtMsg"}}), in UTF-8 bytes. */
    public static final int MAX_STATUS_CONTENT_BYTES = 1024;

    private final MessagingService messaging;
    private final AppRegistry apps;
    private final EventExecutor[] executors;
    private final SendBudgets budgets = new SendBudgets();

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

    /** True for the requests handled on the connection's messaging executor (the ones {@link InFlightLimiter} bounds). */
    static boolean runsOnExecutor(Frame f) {
        return switch (f.getBodyCase()) {
            case SYNC, HISTORY, RECALL -> true;
            case SEND -> f.getSend().getConversationType() == ConversationType.GROUP;
            default -> false;
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame f)) {
            ctx.fireChannelRead(msg);
            return;
        }
        switch (f.getBodyCase()) {
            case SEND -> onSend(ctx, f);
            case SYNC, HISTORY, RECALL -> executorOf(ctx.channel()).execute(() -> answer(ctx, f));
            default -> ctx.fireChannelRead(msg);
        }
    }

    /** Answers a sync, history or recall, then frees its in-flight slot (a recall's once it is stored). */
    private void answer(ChannelHandlerContext ctx, Frame f) {
        CompletionStage<?> answered;
        try {
            answered = handle(ctx, f);
        } catch (RuntimeException e) {
            failed(ctx, e);
            answered = CompletableFuture.completedFuture(null);
        }
        answered.whenComplete((r, e) -> InFlightLimiter.release(ctx.channel()));
    }

    /**
     * A 1:1 or system send reads no storage before the writer (validation and its recipients
     * are in memory), so it is handled here on the event loop: handing each one to a
     * messaging thread cost a wake-up of that thread, half of its CPU at 8,000 sends/s. A
     * group send reads the member list, so it goes to the connection's messaging executor
     * like the other requests. A device's sends to one conversation stay in order either way.
     */
    private void onSend(ChannelHandlerContext ctx, Frame f) {
        Session session = ctx.channel().attr(GatewayAttributes.SESSION).get();
        boolean group = f.getSend().getConversationType() == ConversationType.GROUP;
        if (!admit(ctx.channel(), session, f)) {
            if (group) {
                InFlightLimiter.release(ctx.channel());
            }
            return;
        }
        if (group) {
            // Its slot is free once the send is handed to the writer; the ack comes with its batch.
            executorOf(ctx.channel()).execute(() -> {
                try {
                    guarded(ctx, () -> send(ctx.channel(), session, f));
                } finally {
                    InFlightLimiter.release(ctx.channel());
                }
            });
        } else {
            guarded(ctx, () -> send(ctx.channel(), session, f));
        }
    }

    private static void guarded(ChannelHandlerContext ctx, Runnable request) {
        try {
            request.run();
        } catch (RuntimeException e) {
            failed(ctx, e);
        }
    }

    private static void failed(ChannelHandlerContext ctx, RuntimeException e) {
        // A storage failure mid-request: close so the client reconnects and retries.
        log.error("request on {} failed; closing", ctx.channel(), e);
        ctx.close();
    }

    /**
     * The device's send budget (kept across its reconnects): ordinary sends at the app's rate,
     * status sends at {@link SendBudgets#STATUS_PER_SECOND} and at most
     * {@link #MAX_STATUS_CONTENT_BYTES} of content. Every send counts, refused or not.
     */
    private boolean admit(Channel channel, Session session, Frame f) {
        Send s = f.getSend();
        long now = System.nanoTime();
        if (s.getStatusOnly()) {
            if (!budgets.tryStatus(session, now)) {
                ack(channel, f, SendResult.refused(ErrorCode.SEND_MSG_FREQUENCY_OVERRUN,
                        "more than " + SendBudgets.STATUS_PER_SECOND + " status messages per second"));
                return false;
            }
            if (MessageContent.utf8Length(s.getContent()) > MAX_STATUS_CONTENT_BYTES) {
                ack(channel, f, SendResult.refused(ErrorCode.RC_MSG_SIZE_OUT_OF_LIMIT,
                        "status content larger than " + MAX_STATUS_CONTENT_BYTES + " bytes"));
                return false;
            }
            return true;
        }
        App app = apps.find(session.appKey()).orElse(null);
        int rate = app == null ? 0 : app.sendRateLimit();
        if (budgets.tryMessage(session, rate, now)) {
            return true;
        }
        ack(channel, f, SendResult.refused(ErrorCode.SEND_MSG_FREQUENCY_OVERRUN,
                "more than " + rate + " messages per second"));
        return false;
    }

    private CompletionStage<?> handle(ChannelHandlerContext ctx, Frame f) {
        Session session = ctx.channel().attr(GatewayAttributes.SESSION).get();
        Channel ch = ctx.channel();
        if (session == null) { // the connection was refused or closed while the request waited its turn
            log.debug("{} request on {} without a session; closing", f.getBodyCase(), ch);
            ch.close();
            return CompletableFuture.completedFuture(null);
        }
        switch (f.getBodyCase()) {
            case SYNC -> ch.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                    .setSyncResult(messaging.sync(session.appKey(), session.userId(), f.getSync().getAfterSeq(),
                            f.getSync().getLimit())).build());
            case HISTORY -> {
                HistoryRequest h = f.getHistory();
                ch.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                        .setHistoryResult(messaging.history(session.appKey(), session.userId(), h.getConversationType(),
                                h.getTargetId(), h.getBeforeTime(), h.getLimit())).build());
            }
            case RECALL -> {
                return messaging.recall(session.appKey(), session.userId(), f.getRecall().getMessageUid())
                        .whenComplete((r, e) -> ch.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                                .setRecallAck(RecallAck.newBuilder()
                                        .setCode(e != null ? ErrorCode.RC_MSG_SEND_FAIL : r.code())
                                        .setDetail(e != null ? "storage error" : r.detail())).build()));
            }
            default -> throw new IllegalStateException("not a messaging request: " + f.getBodyCase());
        }
        return CompletableFuture.completedFuture(null);
    }

    private void send(Channel channel, Session session, Frame f) {
        Send s = f.getSend();
        MessagingService.Outgoing out = new MessagingService.Outgoing(session.appKey(), session.userId(),
                s.getClientMsgId(), s.getConversationType(), s.getTargetId(), s.getObjectName(), s.getContent(),
                s.getPushContent().isEmpty() ? null : s.getPushContent(), s.getNotPersisted(), s.getNotCounted(),
                s.getMentionedUserIdsList(), true, s.getToSelfOnly(), true, null);
        if (s.getStatusOnly()) {
            ack(channel, f, messaging.sendStatus(out, session));
            return;
        }
        // A stored message is acked by the delivery of its batch; refusals and failures here.
        messaging.send(out, new ReplyTo(channel, f.getRequestId())).whenComplete((r, e) -> {
            if (e != null && (e instanceof StoreUnavailableException
                    || e.getCause() instanceof StoreUnavailableException)) {
                // The writer logs the outage once; the client retries under the same client id.
                ack(channel, f, SendResult.refused(ErrorCode.RC_MSG_SEND_FAIL, "storage unavailable"));
            } else if (e != null) {
                log.error("send from {} failed", session, e);
                ack(channel, f, SendResult.refused(ErrorCode.RC_MSG_SEND_FAIL, "storage error"));
            } else if (r.code() != ErrorCode.SUCCESS) {
                ack(channel, f, r);
            }
        });
    }

    private static void ack(Channel channel, Frame request, SendResult r) {
        channel.writeAndFlush(SendAcks.frame(request.getRequestId(), r));
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
