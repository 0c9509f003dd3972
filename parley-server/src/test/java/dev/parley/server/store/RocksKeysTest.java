package dev.parley.server.store;

import static dev.parley.server.store.StoreGenerators.anyLongs;
import static dev.parley.server.store.StoreGenerators.nonNegativeLongs;
import static dev.parley.server.store.StoreGenerators.nonNegativePairs;
import static dev.parley.server.store.StoreGenerators.textPairs;
import static dev.parley.server.store.StoreGenerators.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Why: RocksMessageStore finds keys only by prefix and unsigned byte order, so ids never run together, numbers sort.
 */
class RocksKeysTest {
    private static final int EXAMPLES = 5000;

    @Test
    void anInboxKeyStartsWithItsPrefixAndGivesBackItsSeq() {
        qt().withExamples(EXAMPLES).forAll(texts(), texts(), anyLongs()).checkAssert((app, user, seq) -> {
            byte[] prefix = RocksKeys.inboxPrefix(app, user);
            byte[] key = RocksKeys.inbox(app, user, seq);

            assertThat(RocksKeys.startsWith(key, prefix)).isTrue();
            assertThat(key).hasSize(prefix.length + 8);
            assertThat(RocksKeys.numberAfter(key, prefix)).isEqualTo(seq);
            assertThat(RocksKeys.withNumber(prefix, seq)).isEqualTo(key);
        });
    }

    @Test
    void withinOnePrefixByteOrderIsSeqOrder() {
        qt().withExamples(EXAMPLES).forAll(texts(), texts(), nonNegativePairs()).checkAssert((app, user, seqs) -> {
            long a = seqs._1;
            long b = seqs._2;
            int bytes = Arrays.compareUnsigned(RocksKeys.inbox(app, user, a), RocksKeys.inbox(app, user, b));
            assertThat(Integer.signum(bytes)).isEqualTo(Long.compare(a, b));
        });
    }

    @Test
    void keysOfDifferentAppsOrUsersNeverShareAPrefix() {
        assertSeparate(List.of("a", "bc", "ab", "c"), 1);
        assertSeparate(List.of("bob", "x", "bob2", "x"), 1);
        assertSeparate(List.of("app", "bob", "app", "bob2"), 1);
        assertSeparate(List.of("app", "", "app", "bob"), 0);
        assertSeparate(List.of("", "ab", "a", "b"), Long.MAX_VALUE);
        assertSeparate(List.of("a".repeat(127), "b", "a".repeat(128), ""), 5);
        qt().withExamples(EXAMPLES).forAll(relatedPairs(), anyLongs())
                .assuming((p, seq) -> !samePair(p))
                .checkAssert(RocksKeysTest::assertSeparate);
    }

    @Test
    void conversationKeysSortByTimeThenUidAndGiveThemBack() {
        Gen<Pair<Long, Long>> times = Generate.oneOf(
                nonNegativeLongs().map(t -> Pair.of(t, t)),
                nonNegativeLongs().zip(nonNegativeLongs(), Pair::of));
        Gen<Optional<Long>> befores = nonNegativeLongs().toOptionals(50); // empty: the first key's own time
        qt().withExamples(EXAMPLES).forAll(texts().zip(texts(), Pair::of), times, textPairs(), befores)
                .checkAssert((appAndConversation, t, uids, bound) -> {
                    String app = appAndConversation._1;
                    String conversation = appAndConversation._2;
                    long t1 = t._1;
                    long t2 = t._2;
                    String u1 = uids._1;
                    String u2 = uids._2;
                    byte[] prefix = RocksKeys.conversationPrefix(app, conversation);
                    byte[] k1 = RocksKeys.conversation(app, conversation, t1, u1);
                    byte[] k2 = RocksKeys.conversation(app, conversation, t2, u2);

                    assertThat(RocksKeys.startsWith(k1, prefix)).isTrue();
                    assertThat(RocksKeys.numberAfter(k1, prefix)).isEqualTo(t1);
                    assertThat(RocksKeys.uidAfterTime(k1, prefix)).isEqualTo(u1);
                    int expected = t1 != t2 ? Long.compare(t1, t2)
                            : Arrays.compareUnsigned(RocksKeys.utf8(u1), RocksKeys.utf8(u2));
                    assertThat(Integer.signum(Arrays.compareUnsigned(k1, k2))).isEqualTo(Integer.signum(expected));
                    // History seeks back from this bound: every key before the time is below it, every other above.
                    long before = bound.orElse(t1);
                    assertThat(Arrays.compareUnsigned(k1, RocksKeys.withNumber(prefix, before)) < 0)
                            .isEqualTo(t1 < before);
                });
    }

    @Test
    void byTimeKeysBelowTheCutoffBoundAreExactlyThoseSentBeforeIt() {
        qt().withExamples(EXAMPLES).forAll(textPairs(), nonNegativePairs(), texts())
                .checkAssert((apps, sentAndBefore, uid) -> {
                    String app = apps._1;
                    String otherApp = apps._2;
                    long sent = sentAndBefore._1;
                    long before = sentAndBefore._2;
                    byte[] prefix = RocksKeys.appPrefix(app);
                    byte[] key = RocksKeys.byTime(app, sent, uid);

                    assertThat(RocksKeys.startsWith(key, prefix)).isTrue();
                    assertThat(RocksKeys.numberAfter(key, prefix)).isEqualTo(sent);
                    assertThat(RocksKeys.uidAfterTime(key, prefix)).isEqualTo(uid);
                    assertThat(Arrays.compareUnsigned(key, RocksKeys.withNumber(prefix, before)) < 0)
                            .isEqualTo(sent < before);
                    if (!otherApp.equals(app)) {
                        assertThat(RocksKeys.startsWith(RocksKeys.byTime(otherApp, sent, uid), prefix)).isFalse();
                        assertThat(RocksKeys.startsWith(RocksKeys.message(otherApp, uid), prefix)).isFalse();
                    }
                });
    }

    @Test
    void messageAndClientIdKeysAreDistinctForDistinctIds() {
        qt().withExamples(EXAMPLES).forAll(relatedPairs(), texts()).checkAssert((p, clientId) -> {
            boolean same = samePair(p);
            assertThat(Arrays.equals(RocksKeys.message(p.get(0), p.get(1)), RocksKeys.message(p.get(2), p.get(3))))
                    .isEqualTo(same);
            assertThat(Arrays.equals(RocksKeys.clientId(p.get(0), p.get(1), clientId),
                    RocksKeys.clientId(p.get(2), p.get(3), clientId))).isEqualTo(same);
        });
    }

    // ---------------------------------------------------------------- helpers

    /** {@code pairs} is app 1, user 1, app 2, user 2. */
    private static void assertSeparate(List<String> pairs, long seq) {
        String app1 = pairs.get(0);
        String user1 = pairs.get(1);
        String app2 = pairs.get(2);
        String user2 = pairs.get(3);
        byte[] prefix1 = RocksKeys.inboxPrefix(app1, user1);
        byte[] prefix2 = RocksKeys.inboxPrefix(app2, user2);
        assertThat(RocksKeys.startsWith(RocksKeys.inbox(app1, user1, seq), prefix2)).as("%s", pairs).isFalse();
        assertThat(RocksKeys.startsWith(RocksKeys.inbox(app2, user2, seq), prefix1)).as("%s", pairs).isFalse();
        assertThat(RocksKeys.startsWith(RocksKeys.conversation(app1, user1, seq, "u"),
                RocksKeys.conversationPrefix(app2, user2))).as("%s", pairs).isFalse();
        assertThat(RocksKeys.startsWith(RocksKeys.conversation(app2, user2, seq, "u"),
                RocksKeys.conversationPrefix(app1, user1))).as("%s", pairs).isFalse();
    }

    private static boolean samePair(List<String> p) {
        return p.get(0).equals(p.get(2)) && p.get(1).equals(p.get(3));
    }

    /**
     * Two (app, user) pairs, as app 1, user 1, app 2, user 2, likely to run into each other: one string split at
     * two places, one id extended, or unrelated ids over a tiny alphabet; else any two pairs.
     */
    private static Gen<List<String>> relatedPairs() {
        Gen<List<String>> split = texts().zip(texts(), String::concat).flatMap(s ->
                splitPoints(s).zip(splitPoints(s), (i, j) ->
                        List.of(s.substring(0, i), s.substring(i), s.substring(0, j), s.substring(j))));
        Gen<List<String>> extended = texts().zip(texts(), texts(), Generate.booleans(), (app, user, more, ofUser) ->
                ofUser ? List.of(app, user, app, user + more) : List.of(app, user, app + more, user));
        Gen<List<String>> tiny = lists().of(Generate.pick(List.of("", "a", "aa", "ab", "aba", "abaa"))).ofSize(4);
        Gen<List<String>> unrelated = lists().of(texts()).ofSize(4);
        return Generate.oneOf(split, extended, tiny, unrelated);
    }

    /** A char index of {@code s} that does not cut a surrogate pair. */
    private static Gen<Integer> splitPoints(String s) {
        return integers().between(0, s.length())
                .map(i -> i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) ? i - 1 : i);
    }
}
