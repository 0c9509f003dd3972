package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Why: RocksMessageStore finds inboxes, histories and retention records only through key prefixes and the
 * byte order RocksDB sorts them in, so a key of one user or app must never fall under another's prefix and
 * numbers must sort numerically.
 *
 * <p>Property tests over a fixed-seed generator (QuickTheories is a test dependency of parley-protocol, not of
 * this module): deterministic, and a failure names its case. Byte order is RocksDB's default comparator:
 * unsigned lexicographic, {@link Arrays#compareUnsigned(byte[], byte[])}.
 */
class RocksKeysTest {
    private static final int CASES = 20_000;

    @Test
    void anInboxKeyStartsWithItsPrefixAndGivesBackItsSeq() {
        SplittableRandom r = new SplittableRandom(0x5EED_1001L);
        for (int i = 0; i < CASES; i++) {
            String app = MessageRecordsTest.string(r);
            String user = MessageRecordsTest.string(r);
            long seq = MessageRecordsTest.aLong(r);
            byte[] prefix = RocksKeys.inboxPrefix(app, user);
            byte[] key = RocksKeys.inbox(app, user, seq);

            assertThat(RocksKeys.startsWith(key, prefix)).as("case %d: %s/%s/%d", i, app, user, seq).isTrue();
            assertThat(key).hasSize(prefix.length + 8);
            assertThat(RocksKeys.numberAfter(key, prefix)).as("case %d", i).isEqualTo(seq);
            assertThat(RocksKeys.withNumber(prefix, seq)).isEqualTo(key);
        }
    }

    @Test
    void withinOnePrefixByteOrderIsSeqOrder() {
        SplittableRandom r = new SplittableRandom(0x5EED_1002L);
        for (int i = 0; i < CASES; i++) {
            String app = MessageRecordsTest.string(r);
            String user = MessageRecordsTest.string(r);
            long a = nonNegative(r);
            long b = r.nextInt(4) == 0 ? a + r.nextInt(3) - 1 : nonNegative(r);
            if (b < 0) {
                b = 0;
            }
            int bytes = Arrays.compareUnsigned(RocksKeys.inbox(app, user, a), RocksKeys.inbox(app, user, b));
            assertThat(Integer.signum(bytes)).as("case %d: seqs %d and %d", i, a, b).isEqualTo(Long.compare(a, b));
        }
    }

    @Test
    void keysOfDifferentAppsOrUsersNeverShareAPrefix() {
        SplittableRandom r = new SplittableRandom(0x5EED_1003L);
        assertSeparate("a", "bc", "ab", "c", 1);
        assertSeparate("bob", "x", "bob2", "x", 1);
        assertSeparate("app", "bob", "app", "bob2", 1);
        assertSeparate("app", "", "app", "bob", 0);
        assertSeparate("", "ab", "a", "b", Long.MAX_VALUE);
        assertSeparate("a".repeat(127), "b", "a".repeat(128), "", 5);
        for (int i = 0; i < CASES; i++) {
            String[] pairs = relatedPairs(r);
            if (pairs[0].equals(pairs[2]) && pairs[1].equals(pairs[3])) {
                continue;
            }
            assertSeparate(pairs[0], pairs[1], pairs[2], pairs[3], MessageRecordsTest.aLong(r));
        }
    }

    @Test
    void conversationKeysSortByTimeThenUidAndGiveThemBack() {
        SplittableRandom r = new SplittableRandom(0x5EED_1004L);
        for (int i = 0; i < CASES; i++) {
            String app = MessageRecordsTest.string(r);
            String conversation = MessageRecordsTest.string(r);
            long t1 = nonNegative(r);
            long t2 = r.nextBoolean() ? t1 : nonNegative(r);
            String u1 = MessageRecordsTest.string(r);
            String u2 = r.nextInt(4) == 0 ? u1 + MessageRecordsTest.string(r) : MessageRecordsTest.string(r);
            byte[] prefix = RocksKeys.conversationPrefix(app, conversation);
            byte[] k1 = RocksKeys.conversation(app, conversation, t1, u1);
            byte[] k2 = RocksKeys.conversation(app, conversation, t2, u2);

            assertThat(RocksKeys.startsWith(k1, prefix)).isTrue();
            assertThat(RocksKeys.numberAfter(k1, prefix)).isEqualTo(t1);
            assertThat(RocksKeys.uidAfterTime(k1, prefix)).isEqualTo(u1);
            int expected = t1 != t2 ? Long.compare(t1, t2)
                    : Arrays.compareUnsigned(RocksKeys.utf8(u1), RocksKeys.utf8(u2));
            assertThat(Integer.signum(Arrays.compareUnsigned(k1, k2)))
                    .as("case %d: (%d, %s) vs (%d, %s)", i, t1, u1, t2, u2).isEqualTo(Integer.signum(expected));
            // History seeks backwards from this bound: every key before the time is below it, every other above.
            long before = r.nextBoolean() ? t1 : nonNegative(r);
            assertThat(Arrays.compareUnsigned(k1, RocksKeys.withNumber(prefix, before)) < 0).as("case %d", i)
                    .isEqualTo(t1 < before);
        }
    }

    @Test
    void byTimeKeysBelowTheCutoffBoundAreExactlyThoseSentBeforeIt() {
        SplittableRandom r = new SplittableRandom(0x5EED_1005L);
        for (int i = 0; i < CASES; i++) {
            String app = MessageRecordsTest.string(r);
            String otherApp = r.nextBoolean() ? app + MessageRecordsTest.string(r) : MessageRecordsTest.string(r);
            long sent = nonNegative(r);
            long before = r.nextInt(4) == 0 ? Math.max(0, sent + r.nextInt(3) - 1) : nonNegative(r);
            String uid = MessageRecordsTest.string(r);
            byte[] prefix = RocksKeys.appPrefix(app);
            byte[] key = RocksKeys.byTime(app, sent, uid);

            assertThat(RocksKeys.startsWith(key, prefix)).isTrue();
            assertThat(RocksKeys.numberAfter(key, prefix)).isEqualTo(sent);
            assertThat(RocksKeys.uidAfterTime(key, prefix)).isEqualTo(uid);
            assertThat(Arrays.compareUnsigned(key, RocksKeys.withNumber(prefix, before)) < 0)
                    .as("case %d: sent %d, before %d", i, sent, before).isEqualTo(sent < before);
            if (!otherApp.equals(app)) {
                byte[] otherKey = RocksKeys.byTime(otherApp, sent, uid);
                assertThat(RocksKeys.startsWith(otherKey, prefix)).as("case %d: %s under %s", i, otherApp, app)
                        .isFalse();
                assertThat(RocksKeys.startsWith(RocksKeys.message(otherApp, uid), prefix)).isFalse();
            }
        }
    }

    @Test
    void messageAndClientIdKeysAreDistinctForDistinctIds() {
        SplittableRandom r = new SplittableRandom(0x5EED_1006L);
        for (int i = 0; i < CASES; i++) {
            String[] p = relatedPairs(r);
            boolean same = p[0].equals(p[2]) && p[1].equals(p[3]);
            assertThat(Arrays.equals(RocksKeys.message(p[0], p[1]), RocksKeys.message(p[2], p[3])))
                    .as("case %d: %s", i, List.of(p)).isEqualTo(same);
            String clientId = MessageRecordsTest.string(r);
            assertThat(Arrays.equals(RocksKeys.clientId(p[0], p[1], clientId), RocksKeys.clientId(p[2], p[3], clientId)))
                    .as("case %d: %s", i, List.of(p)).isEqualTo(same);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertSeparate(String app1, String user1, String app2, String user2, long seq) {
        byte[] prefix1 = RocksKeys.inboxPrefix(app1, user1);
        byte[] prefix2 = RocksKeys.inboxPrefix(app2, user2);
        String pairs = "(" + app1 + ", " + user1 + ") vs (" + app2 + ", " + user2 + ")";
        assertThat(RocksKeys.startsWith(RocksKeys.inbox(app1, user1, seq), prefix2)).as(pairs).isFalse();
        assertThat(RocksKeys.startsWith(RocksKeys.inbox(app2, user2, seq), prefix1)).as(pairs).isFalse();
        assertThat(RocksKeys.startsWith(RocksKeys.conversation(app1, user1, seq, "u"), RocksKeys.conversationPrefix(
                app2, user2))).as(pairs).isFalse();
        assertThat(RocksKeys.startsWith(RocksKeys.conversation(app2, user2, seq, "u"), RocksKeys.conversationPrefix(
                app1, user1))).as(pairs).isFalse();
    }

    /**
     * Two (app, user) pairs likely to run into each other: one string split at two places, one id extended,
     * or unrelated ids over a tiny alphabet.
     */
    private static String[] relatedPairs(SplittableRandom r) {
        switch (r.nextInt(4)) {
            case 0 -> {
                String s = MessageRecordsTest.string(r) + MessageRecordsTest.string(r);
                int i = splitPoint(s, r);
                int j = splitPoint(s, r);
                return new String[] {s.substring(0, i), s.substring(i), s.substring(0, j), s.substring(j)};
            }
            case 1 -> {
                String app = MessageRecordsTest.string(r);
                String user = MessageRecordsTest.string(r);
                String more = MessageRecordsTest.string(r);
                return r.nextBoolean() ? new String[] {app, user, app, user + more}
                        : new String[] {app, user, app + more, user};
            }
            case 2 -> {
                return new String[] {tiny(r), tiny(r), tiny(r), tiny(r)};
            }
            default -> {
                return new String[] {MessageRecordsTest.string(r), MessageRecordsTest.string(r),
                        MessageRecordsTest.string(r), MessageRecordsTest.string(r)};
            }
        }
    }

    /** A char index of {@code s} that does not cut a surrogate pair. */
    private static int splitPoint(String s, SplittableRandom r) {
        int i = r.nextInt(s.length() + 1);
        return i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) ? i - 1 : i;
    }

    private static String tiny(SplittableRandom r) {
        return "ab".repeat(r.nextInt(2)) + "a".repeat(r.nextInt(3));
    }

    private static long nonNegative(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextLong(300);
            case 1 -> 1_600_000_000_000L + r.nextLong(400_000_000_000L);
            default -> r.nextLong(Long.MAX_VALUE);
        };
    }
}
