package dev.parley.server.gateway;

import dev.parley.protocol.wire.Frame;
import dev.parley.protocol.wire.SyncResult;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The sync a device sends right after its ConnectAck, answered on the event loop when the
 * in-memory inbox head shows nothing new: the common case of every (re)connect, without the
 * hop to a messaging thread and back. Only the session's first frame past the heartbeat
 * handler is looked at, so it cannot overtake a request already queued on the messaging
 * executor; then this handler leaves the pipeline and everything goes to
 * {@link MessagingHandler} in order, as before.
 */
@ChannelHandler.Sharable
final class ConnectSyncHandler extends ChannelInboundHandlerAdapter {
    /** Answers a sync from memory, or returns {@code null} when storage must be read. */
    @FunctionalInterface
    interface QuickSync {
        SyncResult answer(String appKey, String userId, long afterSeq);
    }

    private final QuickSync quickSync;

    ConnectSyncHandler(QuickSync quickSync) {
        this.quickSync = quickSync;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.pipeline().remove(this);
        if (msg instanceof Frame f && f.getBodyCase() == Frame.BodyCase.SYNC) {
            Session session = ctx.channel().attr(GatewayAttributes.SESSION).get();
            SyncResult result = session == null ? null
                    : quickSync.answer(session.appKey(), session.userId(), f.getSync().getAfterSeq());
            if (result != null) {
                ctx.writeAndFlush(Frame.newBuilder().setRequestId(f.getRequestId()).setSyncResult(result).build());
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
