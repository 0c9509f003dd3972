package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.support.ApiClient;
import dev.parley.server.support.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 3,000-member cap of a group holds when the app server joins users concurrently. */
class GroupCapIT {
    @TempDir
    Path dir;
    TestNode node;

    @BeforeEach
    void start() {
        node = new TestNode(dir.resolve("node"));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void concurrentJoinsOntoAGroupAt2990EndAtExactly3000AndTheRestAreToldTheGroupIsFull() throws Exception {
        ApiClient api = node.api();
        for (int batch = 0; batch < 3; batch++) {
            int from = batch * 1000;
            int to = Math.min(2990, from + 1000);
            List<String> pairs = new ArrayList<>(List.of("groupId", "crowd"));
            for (int i = from; i < to; i++) {
                pairs.add("userId");
                pairs.add("m" + i);
            }
            assertThat(api.post("/group/join.json", pairs.toArray(String[]::new)).code()).isEqualTo(200);
        }
        int joiners = 40;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        try {
            List<Future<ApiClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < joiners; i++) {
                String user = "late" + i;
                replies.add(pool.submit(() -> {
                    go.await();
                    return api.post("/group/join.json", "groupId", "crowd", "userId", user);
                }));
            }
            go.countDown();
            int joined = 0;
            int full = 0;
            for (Future<ApiClient.Reply> f : replies) {
                ApiClient.Reply r = f.get(60, TimeUnit.SECONDS);
                if (r.code() == ApiErrors.OK) {
                    joined++;
                } else {
                    assertThat(r.code()).isEqualTo(ApiErrors.BAD_PARAMETER);
                    assertThat(r.body().toString()).contains("at most 3000 members");
                    full++;
                }
            }
            assertThat(joined).isEqualTo(10);
            assertThat(full).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.post("/group/user/query.json", "groupId", "crowd").body().get("users")).hasSize(3000);
    }
}
