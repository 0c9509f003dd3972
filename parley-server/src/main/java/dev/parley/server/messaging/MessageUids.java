package dev.parley.server.messaging;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server message ids, unique per app and roughly time-ordered: 42 bits of milliseconds since
 * 2020, 10 bits of node identity (random per process) and 12 bits of sequence, written in
 * Crockford base32 as {@code XXXX-XXXX-XXXX-X}.
 *
 * <p>Unique only as long as the clock does not step back under a process that drew the node id
 * of an earlier one (1 in 1,024): it then makes ids that process made. The store refuses a uid
 * it holds and the writer asks {@link #random} for another.
 */
public final class MessageUids {
    private static final long EPOCH = 1_577_836_800_000L; // 2020-01-01
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final long node = new SecureRandom().nextInt(1024);
    private final AtomicLong last = new AtomicLong();

    public String next(long nowMillis) {
        long id;
        while (true) {
            long prev = last.get();
            long candidate = ((nowMillis - EPOCH) << 22) | (node << 12);
            // Within one millisecond (or if the clock stepped back) keep counting up from the last id.
            id = candidate > prev ? candidate : prev + 1;
            if (last.compareAndSet(prev, id)) {
                break;
            }
        }
        return format(id);
    }

    /**
     * A uid of {@code nowMillis} whose other 22 bits (node and sequence) are random: for a
     * message whose uid was taken. Not the next id of a generator, which would walk along the
     * ids the colliding process made in that millisecond.
     */
    public static String random(long nowMillis) {
        return format(((nowMillis - EPOCH) << 22) | ThreadLocalRandom.current().nextLong(1L << 22));
    }

    static String format(long id) {
        char[] digits = new char[13];
        for (int i = 12; i >= 0; i--) {
            digits[i] = ALPHABET[(int) (id & 31)];
            id >>>= 5;
        }
        String d = new String(digits);
        return d.substring(0, 4) + '-' + d.substring(4, 8) + '-' + d.substring(8, 12) + '-' + d.substring(12);
    }
}
