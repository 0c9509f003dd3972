package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.AppRecord;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.store.Database;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.StoredMessage;
import dev.parley.server.support.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPurgerTest {
    private static final long DAY = 24L * 3600 * 1000;

    @TempDir
    Path dir;

    @Test
    void deletesOnlyWhatIsOlderThanEachAppsWindow() {
        MutableClock clock = new MutableClock(100 * DAY);
        try (Database db = Database.openEmbedded(dir);
             MessageStore store = RocksMessageStore.open(dir.resolve("messages"))) {
            AppRepository apps = SecretsAtRest.open(db, dir, Map.of());
            AppAdmin admin = new AppAdmin(apps, clock, () -> { });
            AppRecord week = admin.create("week");
            AppRecord day = admin.create("day");
            admin.setRetentionDays(day.appKey(), 1);
            long now = clock.millis();
            for (AppRecord app : List.of(week, day)) {
                store(store, app.appKey(), "old", now - 3 * DAY);
                store(store, app.appKey(), "new", now - DAY / 2);
            }
            new RetentionPurger(apps, store, clock).run();
            assertThat(store.readInbox(week.appKey(), "bob", 0, 10)).extracting(r -> r.message().clientMsgId())
                    .containsExactly("old", "new");
            assertThat(store.readInbox(day.appKey(), "bob", 0, 10)).extracting(r -> r.message().clientMsgId())
                    .containsExactly("new");
            assertThat(store.find(day.appKey(), day.appKey() + "old")).isEmpty();
        }
    }

    private static void store(MessageStore store, String appKey, String id, long sentTime) {
        StoredMessage m = new StoredMessage(appKey, appKey + id, "alice", id, 1, "bob", "p:alice:bob", "RC:TxtMsg",
                "{}", null, 0, List.of(), sentTime);
        store.write(writes -> {
            writes.insertIfNew(m);
            writes.appendInbox(appKey, m.messageUid(), sentTime, List.of("bob"),
                    new long[] {writes.maxSeq(appKey, "bob") + 1});
            return null;
        });
    }
}
