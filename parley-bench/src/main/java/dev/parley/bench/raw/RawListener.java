package dev.parley.bench.raw;

import dev.parley.protocol.wire.InboxMessage;

/**
 * What a raw client tells the run about. Called on the clients' event loop threads, so
 * implementations must be thread-safe and quick.
 */
public interface RawListener {
    /** For sessions that only connect: ignores acks and messages. */
    RawListener NONE = new RawListener() {
        @Override
        public void onAck(long id, int code) {
        }

        @Override
        public void onMessage(int receiver, InboxMessage message, long nanoTime) {
        }
    };

    /** The server answered the send of bench message {@code id} with {@code code} (0 = stored). */
    void onAck(long id, int code);

    /**
     * Client {@code receiver} learnt of a message another user sent it (by Notify, or by the sync
     * that filled a gap), read off the socket at {@code nanoTime}.
     */
    void onMessage(int receiver, InboxMessage message, long nanoTime);
}
