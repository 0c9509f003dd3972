package dev.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;
    private LocalStore local;
    private MessageStore store;
    private final ManualActor actor = new ManualActor();
    private GroupCommit commits;
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        local = LocalStore.open(dir.resolve("me.db"));
        store = new MessageStore(local);
        commits = new GroupCommit(store, actor);
    }

    @AfterEach
    void close() {
        local.close();
    }

    @Test
    void writesQueuedBeforeThePostedFlushShareOneTransactionAndHearInOrder() throws Exception {
        long before = store.commits();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            actor.execute(() -> commits.add(new Put("k" + n)));
        }

        actor.runAll();

        assertThat(store.commits() - before).isEqualTo(1);
        assertThat(outcomes).containsExactly("committed:k1", "committed:k2", "committed:k3", "committed:k4", "committed:k5");
        assertThat(local.get("k5")).contains("v");
    }

    @Test
    void aWriteQueuedAfterTheFlushRanGoesIntoTheNextTransaction() throws Exception {
        long before = store.commits();
        commits.add(new Put("a"));
        actor.runAll();
        commits.add(new Put("b"));
        actor.runAll();

        assertThat(store.commits() - before).isEqualTo(2);
        assertThat(outcomes).containsExactly("committed:a", "committed:b");
    }

    @Test
    void aTransactionHoldsAtMost200Entries() throws Exception {
        long before = store.commits();
        Put first = new Put("first");
        commits.add(first);
        for (int i = 1; i < GroupCommit.MAX_ENTRIES; i++) {
            commits.grew();
        }
        assertThat(store.commits() - before).as("committed on reaching the bound").isEqualTo(1);
        assertThat(commits.isLast(first)).isFalse();

        commits.add(new Put("second"));
        actor.runAll();
        assertThat(store.commits() - before).isEqualTo(2);
    }

    @Test
    void aFailedTransactionStoresNothingAndEveryWriteHearsItInOrder() throws Exception {
        commits.add(new Put("a"));
        commits.add(new Put("b") {
            @Override
            public void write() throws SQLException {
                super.write();
                throw new SQLException("disk I/O error");
            }
        });
        commits.add(new Put("c"));

        actor.runAll();

        assertThat(outcomes).containsExactly("failed:a", "failed:b", "failed:c");
        assertThat(local.get("a")).isEmpty();
        assertThat(local.get("b")).isEmpty();
    }

    @Test
    void oneCommittedHandlerThrowingDoesNotStopTheOthers() {
        commits.add(new Put("a") {
            @Override
            public void committed() {
                throw new IllegalStateException("bug");
            }
        });
        commits.add(new Put("b"));

        actor.runAll();

        assertThat(outcomes).containsExactly("committed:b");
    }

    /** Stores {@code key = v} and logs its outcome. */
    private class Put implements GroupCommit.Write {
        final String key;

        Put(String key) {
            this.key = key;
        }

        @Override
        public void write() throws SQLException {
            local.put(key, "v");
        }

        @Override
        public void committed() {
            outcomes.add("committed:" + key);
        }

        @Override
        public void failed(Exception e) {
            outcomes.add("failed:" + key);
        }
    }
}
