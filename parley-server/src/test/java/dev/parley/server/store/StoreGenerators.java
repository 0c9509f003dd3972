package dev.parley.server.store;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Why: the store's encodings must hold for any id, text and number a send can carry, so both tests draw from these. */
final class StoreGenerators {
    private StoreGenerators() {
    }

    /** A code point of each UTF-8 length, ASCII controls included; never a lone surrogate. */
    static Gen<Integer> codePoints() {
        return Generate.oneOf(
                integers().between(0, 0x7F),
                integers().between('a', 'c'),
                integers().between(0x80, 0x7FF),
                integers().between(0x800, 0xFFFF).map(c -> Character.isSurrogate((char) c.intValue()) ? 0xFFFD : c),
                integers().between(0x10000, Character.MAX_CODE_POINT));
    }

    /** Empty, short, or long enough to pass 127 UTF-8 bytes (a two-byte varint length). */
    static Gen<String> texts() {
        Gen<Integer> lengths = Generate.frequency(List.of(
                Pair.of(1, Generate.constant(0)),
                Pair.of(1, integers().between(64, 463)),
                Pair.of(8, integers().between(1, 12))));
        return lists().of(codePoints()).ofSizes(lengths).map(StoreGenerators::fromCodePoints);
    }

    /** Edge values, small values (such as conversation types), or any int. */
    static Gen<Integer> anyInts() {
        return Generate.frequency(List.of(
                Pair.of(1, Generate.pick(List.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 127, 128))),
                Pair.of(1, integers().between(0, 3)),
                Pair.of(4, integers().all())));
    }

    /** Edge values, realistic epoch-millisecond times, or any long. */
    static Gen<Long> anyLongs() {
        return Generate.frequency(List.of(
                Pair.of(1, Generate.pick(List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x7FL, 0x80L))),
                Pair.of(1, epochMillis()),
                Pair.of(4, longs().all())));
    }

    /** Seqs and sent times: small, realistic epoch milliseconds, or anything up to {@link Long#MAX_VALUE}. */
    static Gen<Long> nonNegativeLongs() {
        return Generate.frequency(List.of(
                Pair.of(1, Generate.pick(List.of(0L, 1L, 0xFFL, 0x100L, Long.MAX_VALUE))),
                Pair.of(3, longs().between(0, 299)),
                Pair.of(4, epochMillis()),
                Pair.of(8, longs().between(0, Long.MAX_VALUE))));
    }

    /** Two non-negative longs, a quarter of them equal or one apart. */
    static Gen<Pair<Long, Long>> nonNegativePairs() {
        Gen<Pair<Long, Long>> close = nonNegativeLongs().zip(integers().between(-1, 1), (a, d) -> {
            long b = a + d;
            return Pair.of(a, b < 0 ? a : b);
        });
        Gen<Pair<Long, Long>> apart = nonNegativeLongs().zip(nonNegativeLongs(), Pair::of);
        return Generate.frequency(List.of(Pair.of(1, close), Pair.of(3, apart)));
    }

    /** Two strings, a quarter of them the first a prefix of the second. */
    static Gen<Pair<String, String>> textPairs() {
        Gen<Pair<String, String>> extended = texts().zip(texts(), (s, more) -> Pair.of(s, s + more));
        Gen<Pair<String, String>> apart = texts().zip(texts(), Pair::of);
        return Generate.frequency(List.of(Pair.of(1, extended), Pair.of(3, apart)));
    }

    /** Any message a send can store: push content absent a third of the time, 0 to 5 mentions. */
    static Gen<StoredMessage> messages() {
        Gen<List<String>> strings = lists().of(texts()).ofSize(8);
        Gen<List<Integer>> ints = lists().of(anyInts()).ofSize(2);
        Gen<String> pushContents = texts().toOptionals(33).map(p -> p.orElse(null));
        Gen<List<String>> mentions = lists().of(texts()).ofSizeBetween(0, 5);
        return strings.zip(ints, pushContents, mentions, anyLongs(), (s, i, push, mentioned, sentTime) ->
                new StoredMessage(s.get(0), s.get(1), s.get(2), s.get(3), i.get(0), s.get(4), s.get(5), s.get(6),
                        s.get(7), push, i.get(1), mentioned, sentTime));
    }

    private static Gen<Long> epochMillis() {
        return longs().between(1_600_000_000_000L, 1_999_999_999_999L);
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder s = new StringBuilder();
        codePoints.forEach(s::appendCodePoint);
        return s.toString();
    }
}
