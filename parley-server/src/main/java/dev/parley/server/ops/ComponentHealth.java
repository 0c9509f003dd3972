package dev.parley.server.ops;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One part of the node that {@code /health} reports on by name ("storage", "redis"): whether
 * it works now, why not, and since when. {@code /health} runs on an event loop: {@link #check}
 * must answer at once from what the component already knows; a component that has to ask
 * something over the network overrides {@link #checkAsync} instead.
 */
@FunctionalInterface
public interface ComponentHealth {

    enum Status { UP, DOWN }

    /**
     * @param status UP or DOWN
     * @param detail what an operator reads: what it is, or what is wrong with it
     * @param since  when the component last changed status
     */
    record State(Status status, String detail, Instant since) {
        public State {
            detail = detail == null ? "" : detail;
        }

        public boolean up() {
            return status == Status.UP;
        }
    }

    /** The component's state now; must not block. */
    State check();

    /** The component's state, completing within about a second; by default {@link #check()}. */
    default CompletableFuture<State> checkAsync() {
        return CompletableFuture.completedFuture(check());
    }
}
