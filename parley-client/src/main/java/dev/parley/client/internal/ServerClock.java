package dev.parley.client.internal;

/**
 * The local estimate of the server's clock, corrected at every ConnectAck. Sent times of
 * messages waiting for their ack come from it, so they sort among server-stamped ones.
 */
final class ServerClock {
    private volatile long deltaMillis;

    /** Server time minus local time, in ms; 0 until first measured. */
    long delta() {
        return deltaMillis;
    }

    void setDelta(long deltaMillis) {
        this.deltaMillis = deltaMillis;
    }

    /** The estimated server time now, in ms. */
    long now() {
        return System.currentTimeMillis() + deltaMillis;
    }
}
