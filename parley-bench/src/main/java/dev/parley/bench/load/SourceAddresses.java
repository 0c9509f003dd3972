package dev.parley.bench.load;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Spreads client sockets over the loopback addresses 127.0.0.2 .. 127.0.0.(n+1). Linux gives
 * each (source address, destination) pair its own ~28,000 ephemeral ports, so tens of
 * thousands of connections to one gateway port need several source addresses. Only for a
 * node on loopback: another host cannot answer a 127.x source.
 */
public final class SourceAddresses {
    /** 127.0.0.2 .. 127.0.0.254. */
    public static final int MAX = 253;

    private final int count;

    /** @param count 0 = let the OS choose (127.0.0.1 for a loopback node) */
    public SourceAddresses(int count) {
        if (count < 0 || count > MAX) {
            throw new IllegalArgumentException("source addresses must be 0.." + MAX + ": " + count);
        }
        this.count = count;
    }

    /** The source address of engine {@code index} (global across generators), or null for the OS's choice. */
    public InetAddress forEngine(int index) {
        if (count == 0) {
            return null;
        }
        byte last = (byte) (2 + Math.floorMod(index, count));
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public int count() {
        return count;
    }
}
