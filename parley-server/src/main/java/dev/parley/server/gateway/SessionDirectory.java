package dev.parley.server.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The sessions of a user on other nodes, which {@link SessionRegistry} consults so that the
 * multi-device policy (SPEC §5) holds across a cluster. {@link #NONE} on the embedded node:
 * there are no other nodes, and admission stays synchronous.
 */
public interface SessionDirectory {
    /** The embedded node's: no other node, nothing to consult or announce. */
    SessionDirectory NONE = new SessionDirectory() {
        @Override
        public CompletionStage<SessionRegistry.Admission> admit(Session session, boolean reconnect,
                                                                 boolean yieldOnReconnect) {
            return CompletableFuture.completedFuture(SessionRegistry.Admission.ACCEPTED);
        }

        @Override
        public void registered(Session session) {
        }

        @Override
        public void unregistered(Session session) {
        }
    };

    /**
     * Whether another node's session stops {@code session} from being admitted (a reconnecting
     * device that yields to the device online elsewhere). Must not block: it is asked on an
     * event loop. When the directory cannot tell (Redis down) it admits.
     */
    CompletionStage<SessionRegistry.Admission> admit(Session session, boolean reconnect, boolean yieldOnReconnect);

    /**
     * {@code session} is now this node's for its user and class: announce it, and end the
     * session it displaces on another node (kicked with 31010, or closed silently if it is the
     * same device's). Must not block.
     */
    void registered(Session session);

    /** {@code session} ended here (and was still the registered one). Must not block. */
    void unregistered(Session session);
}
