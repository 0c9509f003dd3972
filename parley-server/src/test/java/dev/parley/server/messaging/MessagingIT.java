package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConversationType;
import dev.parley.client.ImEngine;
import dev.parley.client.Message;
import dev.parley.client.MessageDirection;
import dev.parley.client.Platform;
import dev.parley.client.SentStatus;
import dev.parley.client.TextMessage;
import dev.parley.server.support.Engines;
import dev.parley.server.support.MessageRecorder;
import dev.parley.server.support.MessageRecorder.Delivery;
import dev.parley.server.support.SendRecorder;
import dev.parley.server.support.TcpProxy;
import dev.parley.server.support.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messaging end to end with real SDK engines: exact counts, order and flags, under faults. */
class MessagingIT {
    @TempDir
    Path dir;

    /** Sends texts "prefix0".."prefix(n-1)" and returns their recorders in send order. */
    private static List<SendRecorder> sendTexts(ImEngine from, String to, String prefix, int n) {
        List<SendRecorder> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SendRecorder s = new SendRecorder();
            assertThat(from.sendMessage(from.createTextMessage(ConversationType.PRIVATE, to, prefix + i), s)).isZero();
            sends.add(s);
        }
        return sends;
    }

    private static List<String> uidsWhenAllSent(List<SendRecorder> sends) throws Exception {
        List<String> uids = new ArrayList<>();
        for (SendRecorder s : sends) {
            Message m = s.sent.get(60, TimeUnit.SECONDS);
            assertThat(s.codes).containsExactly(0);
            assertThat(m.getSentStatus()).isEqualTo(SentStatus.SENT);
            uids.add(m.getMessageUId());
        }
        return uids;
    }

    private static List<String> texts(MessageRecorder r) {
        return r.deliveries.stream().map(d -> ((TextMessage) d.message()).getText()).toList();
    }

    private static List<String> expectedTexts(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void offlineReceiverGetsExactlyEveryMessageInOrderWithPackageFlags() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            node.server().appAdmin().setSendRateLimit(node.appKey(), 0);
            node.awaitAppsSettled();
            int n = 450;
            ImEngine sender = engines.online(node, "off_sender", Platform.DESKTOP, null);
            List<String> sentUids = uidsWhenAllSent(sendTexts(sender, "off_receiver", "m", n));

            MessageRecorder got = new MessageRecorder();
            ImEngine receiver = engines.online(node, "off_receiver", Platform.MOBILE, got);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.syncCompletions.get() == 1);
            assertThat(got.uids()).containsExactlyElementsOf(sentUids);
            assertThat(texts(got)).containsExactlyElementsOf(expectedTexts("m", n));
            List<Delivery> d = got.deliveries;
            assertThat(d).allMatch(Delivery::offline);
            assertThat(d.get(0).left()).isEqualTo(199);
            assertThat(d.get(199).left()).isZero();
            assertThat(d.subList(0, 400)).allMatch(Delivery::hasPackage);
            assertThat(d.get(400).left()).isEqualTo(49);
            assertThat(d.subList(400, 450)).noneMatch(Delivery::hasPackage);
            assertThat(d).allMatch(x -> x.message().getDirection() == MessageDirection.RECEIVE
                    && x.message().getSenderUserId().equals("off_sender")
                    && x.message().getTargetId().equals("off_sender"));
            assertThat(receiver.getUnreadCount(ConversationType.PRIVATE, "off_sender")).isEqualTo(n);
            assertThat(receiver.getTotalUnreadCount()).isEqualTo(n);
            assertThat(receiver.getConversationList()).hasSize(1);
            assertThat(receiver.getHistoryMessages(ConversationType.PRIVATE, "off_sender", -1, 3))
                    .extracting(m -> ((TextMessage) m).getText()).containsExactly("m449", "m448", "m447");
        }
    }

    @Test
    void connectionDroppedRepeatedlyWhileStreamingDeliversEveryMessageExactlyOnceInOrder() throws Exception {
        TestNode[] holder = new TestNode[1];
        try (TcpProxy proxy = new TcpProxy(() -> holder[0].tcpPort());
             TestNode node = new TestNode(dir.resolve("node"), List.of(proxy.address()));
             Engines engines = new Engines(dir.resolve("c"))) {
            holder[0] = node;
            node.server().appAdmin().setSendRateLimit(node.appKey(), 0);
            node.awaitAppsSettled();
            MessageRecorder got = new MessageRecorder();
            engines.online(node, "drop_receiver", Platform.DESKTOP, got);
            ImEngine sender = engines.online(node, "drop_sender", Platform.DESKTOP, null);
            int n = 400;
            List<SendRecorder> sends = sendTexts(sender, "drop_receiver", "d", n);
            for (int drop = 1; drop <= 5; drop++) {
                int threshold = drop * 60;
                int reconnected = 2 + 2 * drop;
                await().atMost(Duration.ofSeconds(30)).until(() -> got.deliveries.size() >= threshold);
                proxy.dropExisting();
                await().atMost(Duration.ofSeconds(30)).until(() -> proxy.accepted() >= reconnected);
            }
            List<String> sentUids = uidsWhenAllSent(sends);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.deliveries.size() >= n);
            assertThat(proxy.accepted()).as("both engines reconnected after each drop").isGreaterThanOrEqualTo(12);
            assertThat(new HashSet<>(got.uids())).hasSize(got.deliveries.size());
            assertThat(got.uids()).containsExactlyElementsOf(sentUids);
            assertThat(texts(got)).containsExactlyElementsOf(expectedTexts("d", n));
        }
    }

    @Test
    void sendRetriedAfterALostAckIsStoredAndDeliveredOnceWithOneUid() throws Exception {
        TestNode[] holder = new TestNode[1];
        try (TcpProxy proxy = new TcpProxy(() -> holder[0].tcpPort());
             TestNode node = new TestNode(dir.resolve("node"), List.of(proxy.address()));
             Engines engines = new Engines(dir.resolve("c"))) {
            holder[0] = node;
            MessageRecorder got = new MessageRecorder();
            engines.online(node, "ack_receiver", Platform.DESKTOP, got);
            ImEngine sender = engines.online(node, "ack_sender", Platform.DESKTOP, null);
            int acceptedBefore = proxy.accepted();
            // From here the server's answers on today's connections vanish: the send arrives and is
            // stored, its ack is lost; the sender notices the silence, reconnects and retries.
            proxy.silenceServerSideOfExisting();
            SendRecorder lost = new SendRecorder();
            sender.sendMessage(sender.createTextMessage(ConversationType.PRIVATE, "ack_receiver", "once"), lost);
            Message sent = lost.sent.get(30, TimeUnit.SECONDS);
            assertThat(lost.codes).containsExactly(0);
            assertThat(proxy.accepted()).isGreaterThan(acceptedBefore);
            SendRecorder next = new SendRecorder();
            sender.sendMessage(sender.createTextMessage(ConversationType.PRIVATE, "ack_receiver", "after"), next);
            next.sent.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.deliveries.size() >= 2);
            assertThat(texts(got)).containsExactly("once", "after");
            assertThat(got.uids().get(0)).isEqualTo(sent.getMessageUId());
            assertThat(node.api().post("/user/checkOnline.json", "userId", "ack_receiver").body().get("status").asText())
                    .isEqualTo("1");
        }
    }

    @Test
    void twoDevicesOfOneUserBothReceiveAndSeeEachOthersSends() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            MessageRecorder phoneGot = new MessageRecorder();
            MessageRecorder laptopGot = new MessageRecorder();
            MessageRecorder bobGot = new MessageRecorder();
            ImEngine phone = engines.online(node, "dev_alice", Platform.MOBILE, phoneGot);
            ImEngine laptop = engines.online(node, "dev_alice", Platform.DESKTOP, laptopGot);
            ImEngine bob = engines.online(node, "dev_bob", Platform.DESKTOP, bobGot);

            bob.sendMessage(bob.createTextMessage(ConversationType.PRIVATE, "dev_alice", "hi alice"), new SendRecorder());
            await().until(() -> phoneGot.deliveries.size() == 1 && laptopGot.deliveries.size() == 1);
            assertThat(phoneGot.uids()).isEqualTo(laptopGot.uids());

            SendRecorder fromPhone = new SendRecorder();
            phone.sendMessage(phone.createTextMessage(ConversationType.PRIVATE, "dev_bob", "hi bob"), fromPhone);
            Message sent = fromPhone.sent.get(10, TimeUnit.SECONDS);
            await().until(() -> laptopGot.deliveries.size() == 2 && bobGot.deliveries.size() == 1);
            Message onLaptop = laptopGot.deliveries.get(1).message();
            assertThat(onLaptop.getMessageUId()).isEqualTo(sent.getMessageUId());
            assertThat(onLaptop.getDirection()).isEqualTo(MessageDirection.SEND);
            assertThat(onLaptop.getSentStatus()).isEqualTo(SentStatus.SENT);
            assertThat(onLaptop.getTargetId()).isEqualTo("dev_bob");
            assertThat(((TextMessage) onLaptop).getText()).isEqualTo("hi bob");
            assertThat(phoneGot.deliveries).as("the sending device is not told of its own message").hasSize(1);
            assertThat(laptop.getConversation(ConversationType.PRIVATE, "dev_bob").getLatestMessage().getMessageUId())
                    .isEqualTo(sent.getMessageUId());
            assertThat(bobGot.deliveries.get(0).message().getDirection()).isEqualTo(MessageDirection.RECEIVE);
        }
    }

    @Test
    void unreadCountsAfterSyncAfterReadingElsewhereAndAfterRecall() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            ImEngine bob = engines.online(node, "un_bob", Platform.DESKTOP, null);
            uidsWhenAllSent(sendTexts(bob, "un_alice", "a", 3));
            MessageRecorder phoneGot = new MessageRecorder();
            MessageRecorder laptopGot = new MessageRecorder();
            ImEngine phone = engines.online(node, "un_alice", Platform.MOBILE, phoneGot);
            ImEngine laptop = engines.online(node, "un_alice", Platform.DESKTOP, laptopGot);
            await().until(() -> phoneGot.syncCompletions.get() == 1 && laptopGot.syncCompletions.get() == 1);
            assertThat(phone.getUnreadCount(ConversationType.PRIVATE, "un_bob")).isEqualTo(3);
            assertThat(laptop.getUnreadCount(ConversationType.PRIVATE, "un_bob")).isEqualTo(3);

            assertThat(phone.clearMessagesUnreadStatus(ConversationType.PRIVATE, "un_bob")).isZero();
            assertThat(phone.getUnreadCount(ConversationType.PRIVATE, "un_bob")).isZero();
            await().until(() -> laptop.getUnreadCount(ConversationType.PRIVATE, "un_bob") == 0);

            List<SendRecorder> more = sendTexts(bob, "un_alice", "b", 2);
            uidsWhenAllSent(more);
            await().until(() -> phone.getUnreadCount(ConversationType.PRIVATE, "un_bob") == 2
                    && laptop.getUnreadCount(ConversationType.PRIVATE, "un_bob") == 2);
            Message toRecall = more.get(1).sent.get();
            var recalled = new java.util.concurrent.CompletableFuture<Message>();
            assertThat(bob.recallMessage(toRecall, new dev.parley.client.ResultCallback<>() {
                public void onSuccess(Message result) {
                    recalled.complete(result);
                }

                public void onError(int code) {
                    recalled.completeExceptionally(new AssertionError("recall failed with " + code));
                }
            })).isZero();
            recalled.get(10, TimeUnit.SECONDS);
            await().until(() -> phone.getUnreadCount(ConversationType.PRIVATE, "un_bob") == 1
                    && laptop.getUnreadCount(ConversationType.PRIVATE, "un_bob") == 1);
            assertThat(phone.getHistoryMessages(ConversationType.PRIVATE, "un_bob", -1, 10))
                    .filteredOn(m -> toRecall.getMessageUId().equals(m.getMessageUId()))
                    .singleElement().extracting(Message::getObjectName).isEqualTo("RC:RcNtf");
            // Recalling someone else's message is refused.
            Message received = phone.getHistoryMessages(ConversationType.PRIVATE, "un_bob", -1, 10).stream()
                    .filter(m -> m.getDirection() == MessageDirection.RECEIVE && !"RC:RcNtf".equals(m.getObjectName()))
                    .findFirst().orElseThrow();
            var refused = new java.util.concurrent.CompletableFuture<Integer>();
            phone.recallMessage(received, new dev.parley.client.ResultCallback<>() {
                public void onSuccess(Message result) {
                    refused.complete(0);
                }

                public void onError(int code) {
                    refused.complete(code);
                }
            });
            assertThat(refused.get(10, TimeUnit.SECONDS)).isEqualTo(25107);
        }
    }

    @Test
    void messagesQueuedOfflineAllGoOutAfterReconnectDespiteTheRateLimit() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            MessageRecorder got = new MessageRecorder();
            engines.online(node, "q_receiver", Platform.DESKTOP, got);
            ImEngine sender = engines.online(node, "q_sender", Platform.MOBILE, null);
            node.stop();
            await().until(() -> sender.getConnectionStatus() != dev.parley.client.ConnectionStatus.CONNECTED);
            List<SendRecorder> queued = sendTexts(sender, "q_receiver", "q", 8);
            for (SendRecorder s : queued) {
                assertThat(s.saved.get(5, TimeUnit.SECONDS).getSentStatus()).isEqualTo(SentStatus.SENDING);
            }
            node.restart();
            // The default limit is 5 messages/s per connection: the backlog is paced, not failed.
            uidsWhenAllSent(queued);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.deliveries.size() >= 8);
            assertThat(texts(got)).containsExactlyElementsOf(expectedTexts("q", 8));
        }
    }

    @Test
    void deviceFollowsAServerRestoredFromAnOlderBackup() throws Exception {
        Path data = dir.resolve("node");
        Path backup = dir.resolve("backup");
        try (TestNode node = new TestNode(data); Engines engines = new Engines(dir.resolve("c"))) {
            MessageRecorder got = new MessageRecorder();
            ImEngine receiver = engines.online(node, "bk_receiver", Platform.DESKTOP, got);
            ImEngine sender = engines.online(node, "bk_sender", Platform.MOBILE, null);
            uidsWhenAllSent(sendTexts(sender, "bk_receiver", "before", 2));
            node.stop();
            copyTree(data, backup);
            node.restart();
            uidsWhenAllSent(sendTexts(sender, "bk_receiver", "lost", 3));
            await().until(() -> got.deliveries.size() == 5);
            node.stop();
            deleteTree(data);
            copyTree(backup, data);
            node.restart();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> receiver.getConnectionStatus() == dev.parley.client.ConnectionStatus.CONNECTED
                            && sender.getConnectionStatus() == dev.parley.client.ConnectionStatus.CONNECTED);
            uidsWhenAllSent(sendTexts(sender, "bk_receiver", "after", 1));
            await().atMost(Duration.ofSeconds(20)).until(() -> got.deliveries.size() == 6);
            assertThat(texts(got)).containsExactly("before0", "before1", "lost0", "lost1", "lost2", "after0");
        }
    }

    @Test
    void largeMessagesSyncInPagesThatFitAFrame() throws Exception {
        try (TestNode node = new TestNode(dir.resolve("node")); Engines engines = new Engines(dir.resolve("c"))) {
            ImEngine sender = engines.online(node, "lg_sender", Platform.DESKTOP, null);
            String text = "z".repeat(120 * 1024);
            List<SendRecorder> sends = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SendRecorder s = new SendRecorder();
                assertThat(sender.sendMessage(sender.createTextMessage(ConversationType.PRIVATE, "lg_receiver", text), s))
                        .isZero();
                sends.add(s);
            }
            List<String> uids = uidsWhenAllSent(sends);
            MessageRecorder got = new MessageRecorder();
            engines.online(node, "lg_receiver", Platform.MOBILE, got);
            await().atMost(Duration.ofSeconds(20)).until(() -> got.syncCompletions.get() == 1);
            assertThat(got.uids()).containsExactlyElementsOf(uids);
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(from)) {
            for (Path p : paths.toList()) {
                java.nio.file.Files.copy(p, to.resolve(from.relativize(p).toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
