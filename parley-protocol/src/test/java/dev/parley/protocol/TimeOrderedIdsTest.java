package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void everyIdIs26CrockfordDigitsStartingWithTheTime() {
        // The ULID specification's example: this millisecond is written 01ARYZ6S41.
        TimeOrderedIds ids = new TimeOrderedIds(() -> 1469918176385L);

        for (int i = 0; i < 1000; i++) {
            String id = ids.next();
            assertThat(id).hasSize(TimeOrderedIds.LENGTH).startsWith("01ARYZ6S41");
            assertThat(id.chars()).allMatch(c -> TimeOrderedIds.ALPHABET.indexOf(c) >= 0);
        }
    }

    @Test
    void encodesTheWhole128BitRange() {
        assertThat(TimeOrderedIds.encode(0, 0)).isEqualTo("0".repeat(26));
        assertThat(TimeOrderedIds.encode(0, 31)).isEqualTo("0".repeat(25) + "Z");
        assertThat(TimeOrderedIds.encode(-1L, -1L)).isEqualTo("7" + "Z".repeat(25));
    }

    @Test
    void laterMillisecondsSortLaterAsStrings() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        TimeOrderedIds ids = new TimeOrderedIds(now::get);
        List<String> made = new ArrayList<>();
        for (long step : new long[] {0, 1, 1, 31, 32, 1000, 86_400_000L, 1L << 40}) {
            now.addAndGet(step);
            made.add(ids.next());
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(timeOf(made.get(made.size() - 1))).isEqualTo(now.get());
    }

    @Test
    void idsOfOneMillisecondOrOfAClockThatWentBackStillIncrease() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        TimeOrderedIds ids = new TimeOrderedIds(now::get);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next());
        }
        now.addAndGet(-5_000);
        for (int i = 0; i < 100; i++) {
            made.add(ids.next());
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made).allMatch(id -> timeOf(id) == 1_700_000_000_000L);
    }

    @Test
    void uniqueAcrossThreadsSharingAGeneratorAndAcrossGenerators() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        TimeOrderedIds shared = new TimeOrderedIds();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // Half the threads are separate "devices" with their own generator.
                TimeOrderedIds ids = t % 2 == 0 ? shared : new TimeOrderedIds();
                done.add(pool.submit(() -> {
                    start.await();
                    String previous = "";
                    for (int i = 0; i < perThread; i++) {
                        String id = ids.next();
                        assertThat(id).isGreaterThan(previous);
                        seen.add(id);
                        previous = id;
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(seen).hasSize(threads * perThread);
    }

    /** The milliseconds in the first 10 digits (50 bits, the top 2 always zero). */
    private static long timeOf(String id) {
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = t << 5 | TimeOrderedIds.ALPHABET.indexOf(id.charAt(i));
        }
        return t;
    }
}
