package dev.parley.server.messaging;

import dev.parley.server.store.AppRepository;
import dev.parley.server.store.MessageStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes messages and inbox entries older than each app's retention window (1..7 days). */
public final class RetentionPurger implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);
    private static final long DAY = 24L * 3600 * 1000;

    private final AppRepository apps;
    private final MessageStore store;
    private final Clock clock;

    public RetentionPurger(AppRepository apps, MessageStore store, Clock clock) {
        this.apps = apps;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void run() {
        long now = clock.millis();
        apps.findAll().forEach(app -> {
            int deleted = store.purge(app.appKey(), now - Math.max(1, Math.min(7, app.retentionDays())) * DAY);
            if (deleted > 0) {
                log.info("purged {} messages of app {} past its {}-day retention", deleted, app.appKey(),
                        app.retentionDays());
            }
        });
    }

}
