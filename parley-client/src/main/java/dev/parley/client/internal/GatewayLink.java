package dev.parley.client.internal;

import dev.parley.protocol.wire.Frame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One socket to a gateway, TCP or WebSocket, as the state machine sees it: send a frame,
 * close, and events through {@link Listener}. Events arrive on a Netty event loop, so a
 * listener must only hand them on, never do work there.
 */
final class GatewayLink {
    /** What happens on the socket. {@link #onClosed} comes exactly once, also when opening fails. */
    interface Listener {
        /** The transport is connected (for WebSocket: before the upgrade). */
        void onSocketOpened();

        /** Frames can be sent now (TCP: right after opening; WebSocket: after the upgrade). */
        void onReady();

        void onFrame(Frame frame);

        /** The socket is gone or never opened; {@code cause} is null for an orderly close. */
        void onClosed(Throwable cause);
    }

    private final Listener listener;
    private volatile Channel channel;
    private final AtomicBoolean closedReported = new AtomicBoolean();
    private volatile Throwable failure;

    GatewayLink(Listener listener) {
        this.listener = listener;
    }

    /** Binds the link to its channel; done before any event can reach the state machine. */
    void attach(Channel channel) {
        this.channel = channel;
    }

    /** Writes a frame; failures surface as the socket closing. */
    void send(Frame frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /** Writes a last frame and closes once it is flushed (or failed). */
    void sendAndClose(Frame frame) {
        if (channel.isActive()) {
            channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    void close() {
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    Listener listener() {
        return listener;
    }

    /** Remembers why the socket is about to close, for the {@link Listener#onClosed} report. */
    void recordFailure(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** Reports the close once, whichever of "connect failed" and "channel inactive" comes first. */
    void reportClosed(Throwable cause) {
        recordFailure(cause);
        if (closedReported.compareAndSet(false, true)) {
            listener.onClosed(failure);
        }
    }
}
