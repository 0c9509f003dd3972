package dev.parley.server.ops;

import java.time.Clock;

/**
 * A {@link ComponentHealth} its owner sets as things happen: the Redis connection, for one,
 * calls {@link #down} when it is lost and {@link #up} when it is back. {@code since} moves only
 * when the status changes, so {@code /health} says how long a component has been down.
 */
public final class ComponentState implements ComponentHealth {
    private final Clock clock;
    private volatile State state;

    /** Starts DOWN with {@code detail} (e.g. "connecting"), until the owner says otherwise. */
    public ComponentState(String detail) {
        this(Clock.systemUTC(), detail);
    }

    ComponentState(Clock clock, String detail) {
        this.clock = clock;
        this.state = new State(Status.DOWN, detail, clock.instant());
    }

    public void up(String detail) {
        set(Status.UP, detail);
    }

    public void down(String detail) {
        set(Status.DOWN, detail);
    }

    private synchronized void set(Status status, String detail) {
        State was = state;
        state = new State(status, detail, was.status() == status ? was.since() : clock.instant());
    }

    @Override
    public State check() {
        return state;
    }
}
