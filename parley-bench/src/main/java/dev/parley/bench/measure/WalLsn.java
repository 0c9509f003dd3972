package dev.parley.bench.measure;

/**
 * A PostgreSQL write-ahead-log position as {@code pg_current_wal_lsn()} prints it
 * ({@code 16/B374D848}: the high and low 32 bits in hex). Parsed here rather than diffed with
 * {@code pg_wal_lsn_diff} in SQL so that a phase costs the database two tiny reads and no
 * extra statement; the difference of two positions is the WAL bytes written between them.
 */
public record WalLsn(long position) {
    public WalLsn {
        if (position < 0) {
            throw new IllegalArgumentException("a WAL position is not negative: " + position);
        }
    }

    /** Parses {@code HIGH/LOW}, both hexadecimal. */
    public static WalLsn parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no WAL position");
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || t.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("not a WAL position (HIGH/LOW in hex): " + text);
        }
        try {
            long high = Long.parseLong(t.substring(0, slash), 16);
            long low = Long.parseLong(t.substring(slash + 1), 16);
            if (high > 0xFFFF_FFFFL || low > 0xFFFF_FFFFL || high < 0 || low < 0) {
                throw new IllegalArgumentException("not a WAL position (32-bit halves): " + text);
            }
            return new WalLsn((high << 32) | low);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a WAL position (HIGH/LOW in hex): " + text, e);
        }
    }

    /** WAL bytes from {@code earlier} to this position. */
    public long bytesSince(WalLsn earlier) {
        return position - earlier.position;
    }

    @Override
    public String toString() {
        return Long.toHexString(position >>> 32).toUpperCase() + "/" + Long.toHexString(position & 0xFFFF_FFFFL)
                .toUpperCase();
    }
}
