package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Why: the member cap and join times must hold under concurrent Server API calls (on SQLite here). */
class GroupRepositoryTest {
    static final int CAP = 3000;

    @TempDir
    Path dir;
    Database db;
    GroupRepository groups;

    protected Database openDatabase(Path dir) {
        return Database.openEmbedded(dir);
    }

    @BeforeEach
    void open() {
        db = openDatabase(dir);
        groups = new GroupRepository(db);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void concurrentJoinsOntoAGroupAt2990EndAtExactly3000WithTheRestRefused() throws Exception {
        groups.addMembers("app", "g1", "big", users("m", 2990), 1, CAP);
        int joiners = 40;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        try {
            List<Future<Boolean>> joins = new ArrayList<>();
            for (int i = 0; i < joiners; i++) {
                String user = "late" + i;
                joins.add(pool.submit(() -> {
                    start.await();
                    try {
                        groups.addMembers("app", "g1", null, List.of(user), 2, CAP);
                        return true;
                    } catch (GroupFullException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int added = 0;
            for (Future<Boolean> f : joins) {
                added += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(added).isEqualTo(10);
            assertThat(groups.members("app", "g1")).hasSize(CAP);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedJoinStoresNothingOfThatCall() {
        groups.addMembers("app", "g1", "first", users("m", CAP - 1), 1, CAP);

        assertThatThrownBy(() -> groups.addMembers("app", "g1", "renamed", List.of("x", "y"), 2, CAP))
                .isInstanceOf(GroupFullException.class);

        assertThat(groups.members("app", "g1")).hasSize(CAP - 1).doesNotContain("x", "y");
        groups.addMembers("app", "g1", null, List.of("x", "m0"), 3, CAP);
        assertThat(groups.members("app", "g1")).hasSize(CAP);
    }

    private static List<String> users(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }
}
