package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NaviCache} on a real user database, with the clock passed in. */
class NaviCacheStoreTest {
    private static final String NAVI = "http://navi.example:8700";
    private static final Duration TWO_HOURS = Duration.ofHours(2);
    private static final long SAVED_AT = 1_700_000_000_000L;
    private static final NaviResult ANSWER = new NaviResult(NaviResult.OK, "", "u1",
            List.of("10.0.0.1:8701", "10.0.0.2:8701"), List.of("ws://10.0.0.1:8700/ws"), 45_000);

    @TempDir
    Path dir;
    private LocalStore store;

    @BeforeEach
    void open() throws Exception {
        store = LocalStore.open(dir.resolve("app").resolve("u1.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void givesBackWhatWasSavedForTheSameServerAndToken() throws Exception {
        NaviCache.save(store, NAVI, "token-1", ANSWER, SAVED_AT);

        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, SAVED_AT + 1_000)).contains(ANSWER);
    }

    @Test
    void survivesReopeningTheDatabase() throws Exception {
        NaviCache.save(store, NAVI, "token-1", ANSWER, SAVED_AT);
        store.close();
        store = LocalStore.open(dir.resolve("app").resolve("u1.db"));

        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, SAVED_AT + 1_000)).contains(ANSWER);
    }

    @Test
    void expiresAfterItsLifetime() throws Exception {
        NaviCache.save(store, NAVI, "token-1", ANSWER, SAVED_AT);

        long justBefore = SAVED_AT + TWO_HOURS.toMillis() - 1;
        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, justBefore)).isPresent();
        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, SAVED_AT + TWO_HOURS.toMillis())).isEmpty();
        assertThat(NaviCache.load(store, NAVI, "token-1", Duration.ofMinutes(1), SAVED_AT + 60_000)).isEmpty();
    }

    @Test
    void isNotTrustedWhenTheClockWentBack() throws Exception {
        NaviCache.save(store, NAVI, "token-1", ANSWER, SAVED_AT);

        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, SAVED_AT - 1)).isEmpty();
    }

    @Test
    void isOnlyForTheSameTokenAndNavigationServer() throws Exception {
        NaviCache.save(store, NAVI, "token-1", ANSWER, SAVED_AT);

        assertThat(NaviCache.load(store, NAVI, "token-2", TWO_HOURS, SAVED_AT)).isEmpty();
        assertThat(NaviCache.load(store, "http://other:8700", "token-1", TWO_HOURS, SAVED_AT)).isEmpty();
    }

    @Test
    void aZeroLifetimeNeverServes() throws Exception {
        NaviCache.save(store, NAVI, "token-1", ANSWER, SAVED_AT);

        assertThat(NaviCache.load(store, NAVI, "token-1", Duration.ZERO, SAVED_AT)).isEmpty();
    }

    @Test
    void forgetRemovesTheEntry() throws Exception {
        NaviCache.save(store, NAVI, "token-1", ANSWER, SAVED_AT);

        NaviCache.forget(store);

        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, SAVED_AT)).isEmpty();
        assertThat(store.get(NaviCache.KEY)).isEmpty();
    }

    @Test
    void storesAHashOfTheTokenOnly() throws Exception {
        NaviCache.save(store, NAVI, "secret-token", ANSWER, SAVED_AT);

        assertThat(store.get(NaviCache.KEY)).hasValueSatisfying(v -> assertThat(v)
                .doesNotContain("secret-token").contains(NaviCache.tokenHash("secret-token")));
    }

    @Test
    void anUnreadableEntryCountsAsNone() throws Exception {
        store.put(NaviCache.KEY, "not json");
        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, SAVED_AT)).isEmpty();

        store.put(NaviCache.KEY, "{\"format\":1,\"naviServer\":\"" + NAVI + "\",\"tokenSha256\":\""
                + NaviCache.tokenHash("token-1") + "\",\"savedAt\":" + SAVED_AT + ",\"tcp\":[],\"ws\":[]}");
        assertThat(NaviCache.load(store, NAVI, "token-1", TWO_HOURS, SAVED_AT)).isEmpty();
    }
}
