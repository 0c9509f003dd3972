package dev.parley.bench.node;

import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.Database;
import dev.parley.server.store.SecretsAtRest;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Changes an app's settings in a node's data dir, as {@code parley app ... --data-dir D} does
 * (same {@link AppAdmin} on its own connection to the database). A running node picks the
 * change up at its next settings refresh (every {@link #NODE_REFRESH_MILLIS} ms).
 */
public final class AppSettings {
    /** How often a node re-reads app settings ({@code ParleyServer}'s refresh period). */
    public static final long NODE_REFRESH_MILLIS = 2000;

    private AppSettings() {
    }

    /** {@code parley app set-rate-limit --app-key K --per-second 0 --data-dir D}. */
    static void liftSendRateLimit(Path dataDir, String appKey) {
        try (Database db = Database.openEmbedded(dataDir)) {
            new AppAdmin(SecretsAtRest.open(db, dataDir, System.getenv()), Clock.systemUTC(), () -> { }).setSendRateLimit(appKey, 0);
        }
    }
}
