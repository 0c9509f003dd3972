package dev.parley.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frames for many channels, gathered off the event loops (the acks and notifications of one
 * committed write batch) and handed to each event loop in one task, each channel flushed
 * once. Written one by one, every frame was a task, a queue hand-off and often a wake-up of
 * its loop, and a syscall of its own; now a sender's ack and the echo of its message to its
 * own session leave in one write. Frames for one channel keep the order they were added in.
 *
 * <p>Not thread-safe: one gatherer fills it, then {@link #send()} hands it over.
 */
public final class Outbound {
    /** A session holding more than this unsent is closed: its device reads slower than we write; it will sync. */
    public static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;

    // Per loop: channel, frame, channel, frame, ... in the order added.
    private final Map<EventLoop, List<Object>> byLoop = new IdentityHashMap<>();

    public void add(Channel channel, Object frame) {
        List<Object> items = byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>());
        items.add(channel);
        items.add(frame);
    }

    public boolean isEmpty() {
        return byLoop.isEmpty();
    }

    /** Hands what was gathered to the event loops, one task per loop; this is empty afterwards. */
    public void send() {
        for (Map.Entry<EventLoop, List<Object>> e : byLoop.entrySet()) {
            List<Object> items = e.getValue();
            e.getKey().execute(() -> writeAll(items));
        }
        byLoop.clear();
    }

    private static void writeAll(List<Object> items) {
        Set<Channel> touched = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i += 2) {
            Channel ch = (Channel) items.get(i);
            if (write(ch, items.get(i + 1))) {
                touched.add(ch);
            }
        }
        touched.forEach(Channel::flush);
    }

    /**
     * Never buffers without bound: past the high-water mark the channel's buffer is pushed out
     * first; one still holding more than {@link #MAX_PENDING_BYTES} unsent is closed.
     */
    private static boolean write(Channel ch, Object frame) {
        if (!ch.isActive()) {
            return false;
        }
        if (!ch.isWritable()) {
            ch.flush();
            ChannelOutboundBuffer pending = ch.unsafe().outboundBuffer();
            if (pending == null || pending.totalPendingWriteBytes() > MAX_PENDING_BYTES) {
                ch.close();
                return false;
            }
        }
        ch.write(frame, ch.voidPromise());
        return true;
    }
}
