package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ConversationType;
import dev.parley.protocol.wire.InboxMessage;
import dev.parley.server.cluster.harness.Cluster;
import dev.parley.server.cluster.harness.Device;
import dev.parley.server.cluster.harness.Devices;
import dev.parley.server.cluster.harness.InboxReader;
import dev.parley.server.cluster.harness.PacedSender;
import dev.parley.server.cluster.harness.ClusterNode;
import dev.parley.server.support.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Concurrent seq allocation, property-style: for each seed, Server API callers on all three
 * nodes and SDK devices spread over them append at once to the same few users' inboxes (a
 * random mix of recipients per call). Afterwards each inbox, read from a random node, holds
 * seqs exactly 1..N with N the number of acknowledged entries for that user, every
 * acknowledged message once.
 */
class SeqAllocationClusterIT {
    private static final int RECIPIENTS = 3;
    private static final int API_CALLERS_PER_NODE = 2;

    @TempDir
    static Path dir;
    private static Cluster cluster;
    private static Devices devices;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.ofProcesses(dir.resolve("cluster"), 3, 2);
        devices = new Devices(dir.resolve("devices"), cluster.appKey());
    }

    @AfterAll
    static void stopCluster() {
        if (devices != null) {
            devices.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {12, 4711, 90210})
    void everyInboxIsExactlyOneToNWhateverTheInterleaving(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> recipients = new ArrayList<>();
        for (int i = 1; i <= RECIPIENTS; i++) {
            recipients.add("seq" + seed + "r" + i);
            cluster.token(recipients.get(i - 1));
        }
        // What each recipient's inbox must hold: every acknowledged message addressed to it.
        Map<String, Set<String>> expected = new ConcurrentHashMap<>();
        recipients.forEach(r -> expected.put(r, ConcurrentHashMap.newKeySet()));
        List<String> refusals = new CopyOnWriteArrayList<>();

        List<PacedSender> sdkSenders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String user = "seq" + seed + "d" + i;
            Device device = devices.online(user, cluster.token(user), cluster.naviUrl());
            sdkSenders.add(new PacedSender(device, ConversationType.PRIVATE,
                    recipients.get(random.nextInt(RECIPIENTS)), Duration.ofMillis(250)));
        }
        ExecutorService callers = Executors.newFixedThreadPool(cluster.nodes().size() * API_CALLERS_PER_NODE);
        try {
            sdkSenders.forEach(PacedSender::start);
            List<Future<?>> calls = new ArrayList<>();
            int caller = 0;
            for (ClusterNode node : cluster.nodes()) {
                for (int t = 0; t < API_CALLERS_PER_NODE; t++) {
                    ApiClient api = cluster.api(node);
                    String from = "seq" + seed + "a" + caller++;
                    int count = 15 + random.nextInt(20);
                    long callerSeed = random.nextLong();
                    calls.add(callers.submit(() -> publish(api, from, count, new Random(callerSeed), recipients,
                            expected, refusals)));
                }
            }
            for (Future<?> f : calls) {
                f.get();
            }
            for (PacedSender s : sdkSenders) {
                assertThat(s.stopAndAwaitIdle(Duration.ofSeconds(20))).as(s + " answered").isTrue();
                s.acked().forEach(a -> expected.get(s.targetId()).add(a.uid()));
            }
            assertThat(refusals).as("Server API refusals").isEmpty();

            for (String r : recipients) {
                ClusterNode reader = cluster.nodes().get(random.nextInt(cluster.nodes().size()));
                List<InboxMessage> inbox = InboxReader.read(reader, cluster.appKey(), cluster.token(r));
                List<Long> seqs = inbox.stream().map(InboxMessage::getSeq).toList();
                assertThat(seqs).as(r + "'s seqs read on " + reader.id())
                        .isEqualTo(LongStream.rangeClosed(1, expected.get(r).size()).boxed().toList());
                Set<String> uids = new HashSet<>(inbox.stream().map(InboxMessage::getMessageUid).toList());
                assertThat(uids).as(r + "'s inbox holds every acknowledged message once")
                        .hasSize(inbox.size()).isEqualTo(expected.get(r));
            }
        } catch (AssertionError | RuntimeException e) {
            System.err.println(cluster.logs(60));
            throw e;
        } finally {
            callers.shutdownNow();
            sdkSenders.forEach(PacedSender::close);
        }
    }

    /** {@code count} private messages from {@code from} to a random non-empty subset of the recipients. */
    private static void publish(ApiClient api, String from, int count, Random random, List<String> recipients,
                                Map<String, Set<String>> expected, List<String> refusals) {
        for (int i = 0; i < count; i++) {
            List<String> pairs = new ArrayList<>(List.of("fromUserId", from, "objectName", "RC:TxtMsg",
                    "content", "{\"content\":\"" + from + " " + i + "\"}"));
            List<String> to = new ArrayList<>(recipients);
            java.util.Collections.shuffle(to, random);
            to = to.subList(0, 1 + random.nextInt(to.size()));
            to.forEach(r -> {
                pairs.add("toUserId");
                pairs.add(r);
            });
            ApiClient.Reply reply = api.post("/message/private/publish.json", pairs.toArray(String[]::new));
            if (reply.code() != 200) {
                refusals.add(reply.body().toString());
                continue;
            }
            Map<String, String> uidByUser = new HashMap<>();
            for (JsonNode entry : reply.body().path("messageUIDs")) {
                uidByUser.put(entry.path("userId").asText(), entry.path("messageUID").asText());
            }
            for (String r : to) {
                expected.get(r).add(uidByUser.get(r));
            }
        }
    }
}
