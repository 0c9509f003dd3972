package dev.parley.bench.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;

/**
 * The run's Redis key prefix: fresh per run, so that its nodes never meet another cluster's
 * (or another run's) registry, presence or channels on a shared Redis, and removed afterwards.
 */
final class RedisKeys {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private RedisKeys() {
    }

    /** {@code parley-bench-} and 10 random letters or digits; valid as a node's --redis-key-prefix. */
    static String freshPrefix() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder("parley-bench-");
        for (int i = 0; i < 10; i++) {
            b.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return b.toString();
    }

    /** Deletes every key under {@code prefix:} (SCAN, not KEYS: Redis keeps serving others); returns how many. */
    static long deleteUnder(String redisUrl, String prefix) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(1000);
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    deleted += redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        } finally {
            client.shutdown();
        }
    }
}
