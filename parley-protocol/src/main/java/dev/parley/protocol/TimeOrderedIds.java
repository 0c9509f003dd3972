package dev.parley.protocol;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Client message ids that sort by creation time: 48 bits of milliseconds since the epoch then
 * 80 random bits, written as 26 characters of Crockford base32 (the ULID layout), so string
 * order is time order. Unique across devices without coordination: two ids only collide if
 * they are made in the same millisecond with the same 80 random bits.
 *
 * <p>Why not {@code UUID.randomUUID()}: random ids land on random pages of the unique indexes
 * that hold them (the server's {@code (app_key, sender_id, client_msg_id)}, the local
 * {@code client_msg_id}), so every insert dirties a page of its own; ids that grow with time
 * append at the end. And {@code randomUUID} draws from one SecureRandom shared by the JVM,
 * which thousands of engines in a load generator contend on; these bits come from
 * {@link ThreadLocalRandom} (an id is not a secret).
 *
 * <p>Monotonic per instance: an id made in the same millisecond as the previous one (or while
 * the clock stands behind it) is the previous one plus one, so one engine's ids keep their
 * order. Thread-safe. The SDK names its sends with these; the bench's raw protocol clients
 * too, so that they cost the server what an SDK's sends do.
 */
public final class TimeOrderedIds {
    /** Length of every id. */
    public static final int LENGTH = 26;
    /** Crockford's base32 digits, in ascending order (no I, L, O, U). */
    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static final long MAX_TIME = (1L << 48) - 1;
    private static final int RANDOM_HIGH_BITS = 16;
    private static final long RANDOM_HIGH_MASK = (1L << RANDOM_HIGH_BITS) - 1;

    private final LongSupplier clock;
    // The last id, as the 128-bit number time(48) | random(80): high = time and the top 16
    // random bits, low = the other 64.
    private long lastTime = -1;
    private long high;
    private long low;

    public TimeOrderedIds() {
        this(System::currentTimeMillis);
    }

    /** @param clock milliseconds since the epoch */
    public TimeOrderedIds(LongSupplier clock) {
        this.clock = clock;
    }

    /** A new id, greater than every earlier one of this instance. */
    public String next() {
        long h;
        long l;
        synchronized (this) {
            long now = Math.min(clock.getAsLong(), MAX_TIME);
            if (now > lastTime) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                lastTime = now;
                high = now << RANDOM_HIGH_BITS | (random.nextLong() & RANDOM_HIGH_MASK);
                low = random.nextLong();
            } else {
                // Same millisecond (or the clock went back): count up; a carry out of the random
                // bits moves into the time, which keeps the order.
                low++;
                if (low == 0) {
                    high++;
                }
                lastTime = high >>> RANDOM_HIGH_BITS;
            }
            h = high;
            l = low;
        }
        return encode(h, l);
    }

    /** The 128-bit number {@code high:low} as 26 base32 digits, most significant first. */
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
