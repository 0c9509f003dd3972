package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.Database;
import dev.parley.server.store.InboxRow;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoredMessage;
import dev.parley.server.support.ClusterServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Why: in cluster mode every node runs its own writer on one PostgreSQL, and the database hands
 * out seqs ({@link SeqMode#SHARED}). Whatever the interleaving of three writers appending to the
 * same inboxes, every inbox must read 1..N without a duplicate or a gap, each sender's messages
 * must keep their order in every inbox, and a send retried on another node, even at the same
 * moment, must be stored once and answered with the original uid.
 */
class MessageWriterSharedSeqsTest {
    private static final String APP = "app";
    private static final int NODES = 3;
    private static final List<String> USERS = IntStream.range(0, 8).mapToObj(i -> "u" + i).toList();
    private static final List<String> GROUP = USERS.subList(0, 5);

    private ClusterServices.PostgresDatabase postgres;
    private final List<Database> databases = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<MessageWriter> writers = new ArrayList<>();
    private SqlMessageStore reader;
    // Set by a test to hold every writer after its next batch until counted down; each writer
    // held counts down {@code held}.
    private volatile CountDownLatch hold;
    private volatile CountDownLatch held;

    @BeforeEach
    void startThreeNodesOnOneDatabase() {
        postgres = ClusterServices.freshDatabase();
        for (int i = 0; i < NODES; i++) {
            Database db = Database.openPostgres(postgres.jdbcUrl(), postgres.user(), null);
            databases.add(db);
            Delivery delivery = new Delivery(new SessionRegistry());
            deliveries.add(delivery);
            writers.add(new MessageWriter(new SqlMessageStore(db), delivery, InboxHeads.disabled(),
                    new SimpleMeterRegistry(), Duration.ofMillis(1), this::holdIfAsked, SeqMode.SHARED));
        }
        reader = new SqlMessageStore(databases.get(0));
    }

    private void holdIfAsked() {
        CountDownLatch h = hold;
        if (h != null) {
            held.countDown();
            try {
                h.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @AfterEach
    void stop() {
        writers.forEach(MessageWriter::close);
        deliveries.forEach(Delivery::close);
        databases.forEach(Database::close);
        postgres.close();
    }

    /** One send: a message of {@code sender} with that client id, a fresh uid each time it is submitted. */
    private record Send(String sender, String clientMsgId, String target, List<String> recipients) {
        SendCommand command(CompletableFuture<SendCommand.Stored> done) {
            long now = System.currentTimeMillis();
            boolean group = target.startsWith("g");
            StoredMessage m = new StoredMessage(APP, MessageUids.random(now), sender, clientMsgId, group ? 3 : 1,
                    target, group ? "g:" + target : "p:" + sender + ":" + target, "RC:TxtMsg", "{}", null, 0,
                    List.of(), now);
            return new SendCommand(m, recipients, null, null, done);
        }
    }

    private CompletableFuture<SendCommand.Stored> submit(int node, Send send) {
        CompletableFuture<SendCommand.Stored> done = new CompletableFuture<>();
        assertThat(writers.get(node).submit(send.command(done))).as("queued on node %d", node).isTrue();
        return done;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void threeWritersAppendingToTheSameInboxesLeaveEveryInboxNumberedOneToNInEachSendersOrder(long seed)
            throws Exception {
        Map<String, String> uidOfClientId = new ConcurrentHashMap<>();
        Map<String, Send> sends = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(USERS.size() + 1);
        AtomicBoolean sending = new AtomicBoolean(true);
        try {
            // What a device syncing meanwhile reads: never an entry whose predecessor is missing.
            Future<Integer> syncing = senders.submit(() -> readWhileSending(sending));
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < USERS.size(); s++) {
                String sender = USERS.get(s);
                Random random = new Random(seed * 31 + s);
                running.add(senders.submit(() -> {
                    sendLikeAClient(sender, random, 60, uidOfClientId, sends);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            sending.set(false);
            assertThat(syncing.get(30, TimeUnit.SECONDS)).as("reads while sending").isPositive();
        } finally {
            senders.shutdownNow();
        }

        Map<String, Integer> entriesOfUid = new HashMap<>();
        for (String user : USERS) {
            List<InboxRow> inbox = reader.readInbox(APP, user, 0, Integer.MAX_VALUE);
            assertThat(inbox).extracting(InboxRow::seq).as("%s's seqs", user)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, inbox.size()).boxed().toList());
            Map<String, Integer> lastOfSender = new HashMap<>();
            for (InboxRow row : inbox) {
                StoredMessage m = row.message();
                int n = Integer.parseInt(m.clientMsgId().substring(m.clientMsgId().lastIndexOf('-') + 1));
                Integer before = lastOfSender.put(m.senderId(), n);
                assertThat(before == null || before < n).as("%s's inbox: %s's message %d after %d", user,
                        m.senderId(), n, before).isTrue();
                assertThat(sends.get(m.clientMsgId()).recipients()).as("a recipient of %s", m.clientMsgId())
                        .contains(user);
                entriesOfUid.merge(m.messageUid(), 1, Integer::sum);
            }
        }
        assertThat(uidOfClientId).hasSameSizeAs(sends);
        uidOfClientId.forEach((clientMsgId, uid) -> {
            assertThat(reader.find(APP, uid)).as("acknowledged %s is stored", clientMsgId).isPresent();
            assertThat(entriesOfUid.get(uid)).as("inbox entries of %s", clientMsgId)
                    .isEqualTo(sends.get(clientMsgId).recipients().size());
        });
        assertThat(entriesOfUid).hasSameSizeAs(uidOfClientId);
    }

    /** Reads two group members' inboxes from the start until {@code sending} ends; how many reads. */
    private int readWhileSending(AtomicBoolean sending) {
        int reads = 0;
        while (sending.get()) {
            for (String user : List.of("u0", "u4")) {
                List<InboxRow> inbox = reader.readInbox(APP, user, 0, Integer.MAX_VALUE);
                assertThat(inbox).extracting(InboxRow::seq).as("%s's inbox as read while sending", user)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, inbox.size()).boxed().toList());
                reads++;
            }
        }
        return reads;
    }

    /**
     * A client's sends: pipelined on the node it is connected to (so they keep their order),
     * now and then moving to another node once what it sent is acknowledged (a reconnect),
     * retrying an acknowledged send there, or sending the same message to two nodes at once.
     */
    private void sendLikeAClient(String sender, Random random, int count, Map<String, String> uidOfClientId,
                                 Map<String, Send> sends) {
        int node = random.nextInt(NODES);
        List<CompletableFuture<SendCommand.Stored>> unacknowledged = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            Send send = nextSend(sender, k, random);
            sends.put(send.clientMsgId(), send);
            int roll = random.nextInt(100);
            if (roll < 10) {
                // To two nodes at the same moment (the client timed out and retried elsewhere).
                waitForAll(unacknowledged, uidOfClientId);
                int other = (node + 1 + random.nextInt(NODES - 1)) % NODES;
                List<CompletableFuture<SendCommand.Stored>> both = List.of(submit(node, send), submit(other, send));
                assertStoredOnceUnderOneUid(both, uidOfClientId);
                node = other;
            } else if (roll < 20) {
                // Acknowledged, then retried on another node (the ack was lost).
                waitForAll(unacknowledged, uidOfClientId);
                SendCommand.Stored first = submit(node, send).join();
                node = (node + 1 + random.nextInt(NODES - 1)) % NODES;
                SendCommand.Stored retried = submit(node, send).join();
                assertThat(retried.duplicate()).isTrue();
                assertThat(retried.message().messageUid()).isEqualTo(first.message().messageUid());
                record(uidOfClientId, first);
            } else if (roll < 30) {
                // A reconnect to another node: what was sent before is acknowledged first.
                waitForAll(unacknowledged, uidOfClientId);
                node = (node + 1 + random.nextInt(NODES - 1)) % NODES;
                unacknowledged.add(submit(node, send));
            } else {
                unacknowledged.add(submit(node, send));
            }
        }
        waitForAll(unacknowledged, uidOfClientId);
    }

    private static Send nextSend(String sender, int k, Random random) {
        String clientMsgId = sender + "-" + k;
        if (GROUP.contains(sender) && random.nextBoolean()) {
            return new Send(sender, clientMsgId, "g1", GROUP);
        }
        String target = USERS.get(random.nextInt(USERS.size()));
        return new Send(sender, clientMsgId, target, target.equals(sender) ? List.of(sender) : List.of(target, sender));
    }

    private static void waitForAll(List<CompletableFuture<SendCommand.Stored>> futures,
                                   Map<String, String> uidOfClientId) {
        for (CompletableFuture<SendCommand.Stored> f : futures) {
            SendCommand.Stored s = f.orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(s.duplicate()).as("a first send of %s", s.message().clientMsgId()).isFalse();
            record(uidOfClientId, s);
        }
        futures.clear();
    }

    private static void assertStoredOnceUnderOneUid(List<CompletableFuture<SendCommand.Stored>> both,
                                                    Map<String, String> uidOfClientId) {
        SendCommand.Stored a = both.get(0).orTimeout(30, TimeUnit.SECONDS).join();
        SendCommand.Stored b = both.get(1).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(a.message().messageUid()).as("both answered with one uid").isEqualTo(b.message().messageUid());
        assertThat(List.of(a.duplicate(), b.duplicate())).as("stored by exactly one").containsExactlyInAnyOrder(
                true, false);
        record(uidOfClientId, a.duplicate() ? b : a);
    }

    private static void record(Map<String, String> uidOfClientId, SendCommand.Stored s) {
        String earlier = uidOfClientId.putIfAbsent(s.message().clientMsgId(), s.message().messageUid());
        assertThat(earlier == null || earlier.equals(s.message().messageUid())).isTrue();
    }

    @Test
    void aSendArrivingAtTwoNodesAtTheSameMomentIsStoredOnceAndBothAnswerWithTheOriginalUid() throws Exception {
        for (int round = 1; round <= 20; round++) {
            // Hold two writers after a batch each, queue the same send on both, let them go together.
            CountDownLatch go = new CountDownLatch(1);
            held = new CountDownLatch(2);
            hold = go;
            CompletableFuture<SendCommand.Stored> b0 = submit(0, new Send("u0", "block-" + round + "-0", "u1",
                    List.of("u1", "u0")));
            CompletableFuture<SendCommand.Stored> b1 = submit(1, new Send("u2", "block-" + round + "-1", "u3",
                    List.of("u3", "u2")));
            // Each of the two is held after its next batch: the blocker's, or one still of the last round.
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            hold = null;
            Send same = new Send("u5", "same-" + round, "u6", List.of("u6", "u5"));
            CompletableFuture<SendCommand.Stored> onNode0 = submit(0, same);
            CompletableFuture<SendCommand.Stored> onNode1 = submit(1, same);
            go.countDown();

            b0.get(10, TimeUnit.SECONDS);
            b1.get(10, TimeUnit.SECONDS);
            SendCommand.Stored a = onNode0.get(10, TimeUnit.SECONDS);
            SendCommand.Stored b = onNode1.get(10, TimeUnit.SECONDS);
            assertThat(a.message().messageUid()).isEqualTo(b.message().messageUid());
            assertThat(List.of(a.duplicate(), b.duplicate())).containsExactlyInAnyOrder(true, false);
        }
        for (String user : List.of("u5", "u6")) {
            List<InboxRow> inbox = reader.readInbox(APP, user, 0, Integer.MAX_VALUE);
            assertThat(inbox).extracting(InboxRow::seq).as("%s: one entry per message, no gap", user)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
            assertThat(inbox).extracting(r -> r.message().clientMsgId())
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "same-" + i).toList());
        }
    }

    @Test
    void aSendRetriedOnAnotherNodeIsStoredOnceAndAnsweredWithTheOriginalUid() {
        Send send = new Send("u0", "retried", "g1", GROUP);

        SendCommand.Stored first = submit(0, send).join();
        SendCommand.Stored again = submit(2, send).join();
        SendCommand.Stored andAgain = submit(1, send).join();

        assertThat(first.duplicate()).isFalse();
        assertThat(List.of(again, andAgain)).allSatisfy(r -> {
            assertThat(r.duplicate()).isTrue();
            assertThat(r.message().messageUid()).isEqualTo(first.message().messageUid());
            assertThat(r.seqs()).isEmpty();
        });
        for (String member : GROUP) {
            assertThat(reader.readInbox(APP, member, 0, 10)).extracting(r -> r.message().messageUid())
                    .containsExactly(first.message().messageUid());
        }
    }

    /**
     * Not a timed assertion: prints how many 1:1 sends among 1,000 users one SHARED writer
     * stores per second on this machine's PostgreSQL when sends queue up (batches fill).
     */
    @Test
    void oneSharedWriterStoresEverySendOfABurstAndPrintsItsRate() {
        int count = 20_000;
        Random random = new Random(7);
        List<CompletableFuture<SendCommand.Stored>> pending = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int k = 0; k < count; k++) {
            String sender = "p" + random.nextInt(1000);
            String target = "p" + random.nextInt(1000);
            pending.add(submit(0, new Send(sender, sender + "-burst-" + k, target,
                    target.equals(sender) ? List.of(sender) : List.of(target, sender))));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(120, TimeUnit.SECONDS).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("one SHARED writer: %d 1:1 sends among 1,000 users in %.2f s = %.0f msg/s%n", count,
                seconds, count / seconds);
        assertThat(pending).allSatisfy(f -> assertThat(f.join().duplicate()).isFalse());
    }
}
