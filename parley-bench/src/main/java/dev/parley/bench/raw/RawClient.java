package dev.parley.bench.raw;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.TimeOrderedIds;
import dev.parley.protocol.wire.Connect;
import dev.parley.protocol.wire.ConnectAck;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.protocol.wire.Ping;
import dev.parley.protocol.wire.Platform;
import dev.parley.protocol.wire.Send;
import dev.parley.protocol.wire.SyncRequest;
import dev.parley.protocol.wire.SyncResult;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;

/**
 * One user's protocol session, speaking the wire protocol without the SDK or a local database:
 * {@code Connect} → {@code ConnectAck} 0 → the initial {@code SyncRequest} (as every SDK does
 * after connecting) → sends and notifications. Keeps the inbox cursor as a device must: a
 * {@code Notify} one past the cursor is taken; one further ahead means entries were missed,
 * and they are pulled with a sync, as the SDK does. Everything but {@link #send} and
 * {@link #pingIfIdle} runs on the connection's event loop, so the cursor needs no lock.
 *
 * <p>A send's {@code request_id} is the bench message number plus one (0 means "no answer"),
 * so a {@code SendAck} names its message without a table of pending requests.
 */
final class RawClient extends ChannelInboundHandlerAdapter {
    private static final int CONNECT_REQUEST = 1;
    private static final int SYNC_REQUEST = 2;

    private final int index;
    private final String appKey;
    private final String token;
    private final RawListener listener;
    private final RawFleetStats stats;
    private final TimeOrderedIds clientMsgIds = new TimeOrderedIds();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> acked = new CompletableFuture<>();

    private volatile Channel channel;
    // Whether anything went out since the last heartbeat tick: only silent sessions ping.
    private volatile boolean wrote;
    private volatile boolean closing;
    private long cursor;
    private boolean syncing;
    private long highestAnnounced;

    RawClient(int index, String appKey, String token, RawListener listener, RawFleetStats stats) {
        this.index = index;
        this.appKey = appKey;
        this.token = token;
        this.listener = listener;
        this.stats = stats;
    }

    /** Completes with 0 once connected and caught up, or with the refusal or failure code. */
    CompletableFuture<Integer> ready() {
        return ready;
    }

    /** Completes with the ConnectAck's code (0 = accepted), or with the failure code if none came. */
    CompletableFuture<Integer> connectAcked() {
        return acked;
    }

    /** Fails the connect attempt if the socket could not even be opened. */
    void connectFailed() {
        acked.complete(ErrorCode.RC_SOCKET_NOT_CREATED);
        ready.complete(ErrorCode.RC_SOCKET_NOT_CREATED);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(Frame.newBuilder().setRequestId(CONNECT_REQUEST).setConnect(Connect.newBuilder()
                .setAppKey(appKey).setToken(token).setProtocolVersion(Protocol.VERSION).setPlatform(Platform.DESKTOP)
                // one device per user, distinct from the SDK mode's, so no session kicks another
                .setDeviceId("bench-raw-device-" + index).setSdkVersion("parley-bench-raw")).build());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        if (!(msg instanceof Frame f)) {
            ctx.fireChannelRead(msg);
            return;
        }
        switch (f.getBodyCase()) {
            case CONNECT_ACK -> connectAck(ctx, f.getConnectAck());
            case SYNC_RESULT -> syncResult(ctx, f.getSyncResult(), now);
            case NOTIFY -> notify(ctx, f.getNotify().getMessage(), now);
            case SEND_ACK -> listener.onAck(Integer.toUnsignedLong(f.getRequestId()) - 1, f.getSendAck().getCode());
            case PING -> ctx.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId())
                    .setPong(dev.parley.protocol.wire.Pong.newBuilder().setServerTime(System.currentTimeMillis()))
                    .build());
            case KICK -> {
                stats.countKicked();
                ctx.close();
            }
            default -> {
                // Pong and the answers to requests the bench never makes: nothing to do.
            }
        }
    }

    private void connectAck(ChannelHandlerContext ctx, ConnectAck ack) {
        acked.complete(ack.getCode());
        if (ack.getCode() != ErrorCode.SUCCESS) {
            ready.complete(ack.getCode());
            closing = true;
            ctx.close();
            return;
        }
        requestSync(ctx);
    }

    private void requestSync(ChannelHandlerContext ctx) {
        syncing = true;
        wrote = true;
        ctx.writeAndFlush(Frame.newBuilder().setRequestId(SYNC_REQUEST)
                .setSync(SyncRequest.newBuilder().setAfterSeq(cursor)).build());
    }

    private void syncResult(ChannelHandlerContext ctx, SyncResult result, long now) {
        for (InboxMessage m : result.getMessagesList()) {
            if (m.getSeq() > cursor) {
                cursor = m.getSeq();
                deliver(m, now);
            }
        }
        syncing = false;
        if (result.getHasMore() || highestAnnounced > cursor) {
            requestSync(ctx);
        } else {
            ready.complete(ErrorCode.SUCCESS);
        }
    }

    private void notify(ChannelHandlerContext ctx, InboxMessage m, long now) {
        long seq = m.getSeq();
        if (seq == 0) {
            deliver(m, now);
        } else if (syncing) {
            highestAnnounced = Math.max(highestAnnounced, seq);
        } else if (seq == cursor + 1) {
            cursor = seq;
            deliver(m, now);
        } else if (seq > cursor + 1) {
            highestAnnounced = seq;
            stats.countGapSync();
            requestSync(ctx);
        }
    }

    private void deliver(InboxMessage m, long now) {
        // The sender's own copy (outgoing) tells its other devices; it is not a delivery.
        if (!m.getOutgoing()) {
            listener.onMessage(index, m, now);
        }
    }

    /**
     * Sends bench message {@code id}; false if the session is not open. Called from the
     * pacer's thread: Netty hands the write to the connection's event loop.
     */
    boolean send(ConversationType type, String targetId, String objectName, String content, long id) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false;
        }
        wrote = true;
        ch.writeAndFlush(Frame.newBuilder().setRequestId((int) (id + 1)).setSend(Send.newBuilder()
                .setClientMsgId(clientMsgIds.next()).setConversationType(type).setTargetId(targetId)
                .setObjectName(objectName).setContent(content)).build(), ch.voidPromise());
        return true;
    }

    /** A heartbeat tick: pings if nothing went out since the last one, so the server's idle sweep spares us. */
    void pingIfIdle() {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || !ready.isDone()) {
            return;
        }
        if (!wrote) {
            ch.writeAndFlush(Frame.newBuilder().setPing(Ping.newBuilder().setClientTime(System.currentTimeMillis()))
                    .build(), ch.voidPromise());
        }
        wrote = false;
    }

    /** Closes the session at the end of the run (not counted as dropped). */
    void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        acked.complete(ErrorCode.RC_SOCKET_DISCONNECTED);
        if (!ready.complete(ErrorCode.RC_SOCKET_DISCONNECTED) && !closing) {
            stats.countDropped();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A decoding error or a reset: the session is unusable; its sends stay unanswered and show.
        ctx.close();
    }
}
