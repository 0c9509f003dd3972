package dev.parley.server.gateway;

import dev.parley.protocol.ErrorCode;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a node before it stops or is taken out (SPEC §4, 31006): new connections are refused
 * with 31006 by the {@link SessionRegistry}, and every live session is sent a 31006 kick, in
 * small batches spread over the drain period, so that the clients, which go back to
 * navigation at once, do not all arrive at the other nodes in the same instant.
 */
public final class SessionDrain implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionDrain.class);
    /** Time between two batches: short enough that a 1 s drain still has ten of them. */
    static final Duration BATCH_INTERVAL = Duration.ofMillis(100);
    static final String KICK_DETAIL = "this node is draining: go back to navigation";

    private final SessionRegistry sessions;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("parley-drain", true));
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private Run current;

    public SessionDrain(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /**
     * Starts draining (again: the drain already under way is returned): refuses new sessions now
     * and kicks the live ones over {@code spread}.
     *
     * @return completes once every session live at the start (and any that slipped in meanwhile)
     *         has been kicked and its connection closed
     */
    public synchronized CompletableFuture<Void> start(Duration spread) {
        if (current != null) {
            return current.done;
        }
        sessions.setDraining(true);
        current = new Run(spread);
        log.info("Draining: {} live sessions are sent elsewhere (31006) over {} ms; new connections are refused",
                current.queue.size(), spread.toMillis());
        tellListeners(true);
        current.next();
        return current.done;
    }

    /** Takes connections again; sessions not yet kicked stay. Nothing happens if the node is not draining. */
    public synchronized void lift() {
        if (current == null) {
            return;
        }
        current.cancel();
        current = null;
        sessions.setDraining(false);
        log.info("Drain lifted: taking new connections again");
        tellListeners(false);
    }

    public boolean draining() {
        return sessions.draining();
    }

    /** Calls {@code listener} now with the current state, then at every change. */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
        listener.accept(draining());
    }

    private void tellListeners(boolean on) {
        for (Consumer<Boolean> l : listeners) {
            try {
                l.accept(on);
            } catch (RuntimeException e) {
                log.warn("drain listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One drain: the sessions still to kick, one batch per tick. */
    private final class Run {
        final Deque<Session> queue;
        final Set<Session> kicked = new HashSet<>();
        final List<CompletableFuture<Void>> closed = new ArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int ticksLeft;
        ScheduledFuture<?> nextTick;
        boolean cancelled;

        Run(Duration spread) {
            queue = new ArrayDeque<>(sessions.snapshot());
            ticksLeft = (int) Math.max(1, spread.toMillis() / BATCH_INTERVAL.toMillis());
        }

        void next() {
            synchronized (SessionDrain.this) {
                if (cancelled) {
                    return;
                }
                int batch = (queue.size() + ticksLeft - 1) / ticksLeft;
                for (int i = 0; i < batch; i++) {
                    kick(queue.poll());
                }
                if (--ticksLeft > 0) {
                    try {
                        nextTick = timer.schedule(this::next, BATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        queue.forEach(this::kick); // the node is closing: the rest at once
                        queue.clear();
                    }
                }
                // Sessions admitted in the instant before draining began were not in the first snapshot.
                sessions.snapshot().stream().filter(s -> !kicked.contains(s)).forEach(this::kick);
                log.info("Drain: all {} sessions told to reconnect elsewhere", kicked.size());
                CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new))
                        .whenComplete((v, e) -> done.complete(null));
            }
        }

        private void kick(Session s) {
            kicked.add(s);
            CompletableFuture<Void> gone = new CompletableFuture<>();
            closed.add(gone);
            // Unregistered here too (again later by SessionHandler, harmlessly): the count is
            // right the moment the drain reports done, not one event-loop task after.
            s.channel().closeFuture().addListener(f -> {
                sessions.unregister(s);
                gone.complete(null);
            });
            s.kick(ErrorCode.RC_CONN_REDIRECTED, KICK_DETAIL);
        }

        void cancel() {
            cancelled = true;
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            done.complete(null);
        }
    }
}
