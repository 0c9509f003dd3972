package dev.parley.client.internal;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Keeps a connected socket honest: a ping every heartbeat interval, and if nothing at all
 * arrives within the pong timeout after a ping, the connection is declared dead. Any inbound
 * frame counts as a sign of life, not only a pong. Confined to the engine's state-machine
 * executor.
 */
final class Heartbeat {
    private final ActorTimer timers;
    private final Duration pongTimeout;

    // Bumped on every start/stop so timers that fired before cancellation do nothing.
    private long epoch;
    private boolean awaitingPong;
    private Future<?> pingTimer;
    private Future<?> pongTimer;

    Heartbeat(ActorTimer timers, Duration pongTimeout) {
        this.timers = timers;
        this.pongTimeout = pongTimeout;
    }

    /**
     * Starts pinging.
     *
     * @param interval   time between pings
     * @param sendPing   sends one ping frame
     * @param onSilence  called once if no frame arrives within the pong timeout after a ping
     */
    void start(Duration interval, Runnable sendPing, Runnable onSilence) {
        stop();
        long mine = epoch;
        schedulePing(mine, interval, sendPing, onSilence);
    }

    /** Records that a frame arrived. */
    void frameReceived() {
        awaitingPong = false;
        ActorTimer.cancel(pongTimer);
        pongTimer = null;
    }

    void stop() {
        epoch++;
        awaitingPong = false;
        ActorTimer.cancel(pingTimer);
        ActorTimer.cancel(pongTimer);
        pingTimer = null;
        pongTimer = null;
    }

    private void schedulePing(long mine, Duration interval, Runnable sendPing, Runnable onSilence) {
        pingTimer = timers.after(interval, () -> {
            if (mine != epoch) {
                return;
            }
            sendPing.run();
            if (!awaitingPong) {
                awaitingPong = true;
                pongTimer = timers.after(pongTimeout, () -> {
                    if (mine == epoch && awaitingPong) {
                        stop();
                        onSilence.run();
                    }
                });
            }
            schedulePing(mine, interval, sendPing, onSilence);
        });
    }
}
