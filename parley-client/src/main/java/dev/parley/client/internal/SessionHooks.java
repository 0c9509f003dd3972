package dev.parley.client.internal;

import dev.parley.protocol.wire.Frame;
import java.util.function.Consumer;

/**
 * What the {@link ConnectionMachine} tells the layer above it (messaging). Every call runs on
 * the engine's actor.
 */
interface SessionHooks {
    /** The user's local database is open. */
    void storeOpened(LocalStore store, String userId);

    /** The local database is about to close. */
    void storeClosing();

    /**
     * The gateway acknowledged the session. {@code link} writes a frame on this session's
     * socket and drops it once the session is over.
     */
    void connected(Consumer<Frame> link);

    /** A frame the connect path does not handle arrived on the connected session. */
    void frame(Frame frame);

    /** The connected session is over (socket lost, sign-out, kick). */
    void disconnected();
}
