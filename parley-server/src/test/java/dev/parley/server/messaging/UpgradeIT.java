package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConversationType;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.client.TextMessage;
import dev.parley.server.store.Database;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoredMessage;
import dev.parley.server.support.Engines;
import dev.parley.server.support.MessageRecorder;
import dev.parley.server.support.SendRecorder;
import dev.parley.server.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir written by an earlier version, whose messages and inboxes are rows of
 * {@code parley.db}, keeps working after the upgrade: the node moves them into its message
 * store on start, devices sync exactly those messages, and new messages continue each
 * user's seqs (a seq starting again at 1 would be taken for one the device already has).
 */
class UpgradeIT {
    @TempDir
    Path dir;

    @Test
    void messagesAnEarlierVersionKeptInSqliteAreSyncedAfterTheUpgradeAndSeqsContinue() throws Exception {
        Path data = dir.resolve("node");
        try (TestNode node = new TestNode(data); Engines engines = new Engines(dir.resolve("c"))) {
            String app = node.appKey();
            node.stop();
            List<String> oldUids = writeAsAnEarlierVersion(data, app, 3);

            node.restart();
            MessageRecorder bobGot = new MessageRecorder();
            ImEngine bob = engines.online(node, "bob", Platform.MOBILE, bobGot);
            await().atMost(Duration.ofSeconds(30)).until(() -> bobGot.syncCompletions.get() == 1);
            assertThat(bobGot.uids()).containsExactlyElementsOf(oldUids);
            assertThat(bobGot.deliveries).extracting(d -> ((TextMessage) d.message()).getText())
                    .containsExactly("old1", "old2", "old3");

            ImEngine alice = engines.online(node, "alice", Platform.MOBILE, null);
            SendRecorder sent = new SendRecorder();
            assertThat(alice.sendMessage(alice.createTextMessage(ConversationType.PRIVATE, "bob", "new"), sent))
                    .isZero();
            String newUid = sent.sent.get(10, TimeUnit.SECONDS).getMessageUId();
            await().atMost(Duration.ofSeconds(10)).until(() -> bobGot.uids().contains(newUid));
            assertThat(bob.getHistoryMessages(ConversationType.PRIVATE, "alice", -1, 10))
                    .extracting(m -> ((TextMessage) m).getText()).containsExactly("new", "old3", "old2", "old1");
        }
    }

    /** Rows as earlier versions wrote them: alice to bob, both inboxes at seqs 1..n. */
    private static List<String> writeAsAnEarlierVersion(Path data, String app, int n) {
        List<String> uids = new ArrayList<>();
        try (Database db = Database.openEmbedded(data)) {
            SqlMessageStore rows = new SqlMessageStore(db);
            MessageUids ids = new MessageUids();
            long now = System.currentTimeMillis() - 60_000;
            for (int i = 1; i <= n; i++) {
                long sentTime = now + i;
                StoredMessage m = new StoredMessage(app, ids.next(sentTime), "alice", "old-" + i,
                        dev.parley.protocol.wire.ConversationType.PRIVATE_VALUE, "bob",
                        ConversationKeys.of(dev.parley.protocol.wire.ConversationType.PRIVATE, "alice", "bob"),
                        "RC:TxtMsg", "{\"content\":\"old" + i + "\"}", null, 0, List.of(), sentTime);
                long seq = i;
                rows.write(w -> {
                    w.insertIfNew(m);
                    w.appendInbox(app, m.messageUid(), sentTime, List.of("bob", "alice"), new long[] {seq, seq});
                    return null;
                });
                uids.add(m.messageUid());
            }
        }
        return uids;
    }
}
