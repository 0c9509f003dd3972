package dev.parley.bench.raw;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Client message ids laid out as the SDK makes them: 48 bits of milliseconds then 80 random
 * bits, 26 characters of Crockford base32, monotonic per sender. The server keeps them in a
 * unique index led by the client message id; ids that grow with time append at its edge while
 * random ones dirty a page each, so the raw clients must not make the server's work cheaper
 * (or dearer) than real devices do. The SDK's generator is internal to it, hence this copy.
 */
final class ClientMsgIds {
    private static final int LENGTH = 26;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int RANDOM_HIGH_BITS = 16;
    private static final long RANDOM_HIGH_MASK = (1L << RANDOM_HIGH_BITS) - 1;

    private long lastTime = -1;
    private long high;
    private long low;

    /** A new id, greater than every earlier one of this instance. */
    synchronized String next() {
        long now = System.currentTimeMillis();
        if (now > lastTime) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            lastTime = now;
            high = now << RANDOM_HIGH_BITS | (random.nextLong() & RANDOM_HIGH_MASK);
            low = random.nextLong();
        } else {
            // Same millisecond: count up, carrying into the time bits, which keeps the order.
            low++;
            if (low == 0) {
                high++;
            }
            lastTime = high >>> RANDOM_HIGH_BITS;
        }
        return encode(high, low);
    }

    static String encode(long high, long low) {
        char[] out = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (low & 31));
            low = (low >>> 5) | (high << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
