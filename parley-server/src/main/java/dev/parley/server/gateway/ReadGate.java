package dev.parley.server.gateway;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Whether we read from one connection's socket: paused while any reason holds, resumed when
 * none does, so that handlers pausing for different reasons do not undo each other. Used
 * only on the connection's event loop.
 */
final class ReadGate {
    enum Reason {
        /** The connection has as many requests in flight as it may; more wait for one to finish. */
        REQUESTS_IN_FLIGHT,
        /** The connection's outbound buffer is over its high-water mark: the device reads slower than we write. */
        OUTBOUND_FULL
    }

    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf("parley.readGate");

    private final Channel channel;
    private int paused;

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    static ReadGate of(Channel channel) {
        ReadGate gate = channel.attr(KEY).get();
        if (gate == null) {
            gate = new ReadGate(channel);
            channel.attr(KEY).set(gate);
        }
        return gate;
    }

    void pause(Reason reason) {
        paused |= 1 << reason.ordinal();
        channel.config().setAutoRead(false);
    }

    void resume(Reason reason) {
        paused &= ~(1 << reason.ordinal());
        if (paused == 0) {
            // Turning auto-read back on also asks for the next read.
            channel.config().setAutoRead(true);
        }
    }

    boolean isPaused(Reason reason) {
        return (paused & 1 << reason.ordinal()) != 0;
    }
}
