package dev.parley.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.bench.api.ServerApiClient;
import dev.parley.bench.api.TokenFetcher;
import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.bench.node.InProcessNode;
import dev.parley.client.ObjectNames;
import dev.parley.client.TextMessage;
import dev.parley.protocol.wire.ConversationType;
import dev.parley.protocol.wire.InboxMessage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFleetTest {
    private static final int USERS = 60;
    // The node's default send limit is 5/s per connection with a burst of 5: each user sends
    // exactly one burst, so the test needs neither to lift the limit nor to wait for the node
    // to re-read it.
    private static final int PER_USER = 5;

    @TempDir
    Path dir;

    private InProcessNode node;
    private RawFleet fleet;

    @BeforeEach
    void startNode() {
        node = InProcessNode.start(dir.resolve("node"), false);
    }

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        node.close();
    }

    private List<String> userIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            ids.add("raw-user-" + i);
        }
        return ids;
    }

    @Test
    void everyMessageArrivesExactlyOnceAtItsPeer() throws Exception {
        List<String> users = userIds();
        List<String> tokens = new TokenFetcher(new ServerApiClient(node.naviUrl(), node.appKey(), node.appSecret()), 8)
                .fetch(users, n -> { });
        InetSocketAddress gateway = GatewayLookup.tcpGateway(node.naviUrl(), node.appKey(), tokens.get(0));
        int messages = USERS * PER_USER;
        DeliveryTracker tracker = new DeliveryTracker(messages, USERS, 1, 1);
        String[] receiverOf = new String[messages];
        List<String> wrongReceiver = Collections.synchronizedList(new ArrayList<>());
        fleet = RawFleet.create(new RawFleet.Plan(gateway, node.appKey(), tokens, 0, 16, 10, 0, 2), new RawListener() {
            @Override
            public void onAck(long id, int code) {
                tracker.onAck(id, code);
            }

            @Override
            public void onMessage(int receiver, InboxMessage message, long nanoTime) {
                long id = DeliveryTracker.idFromContent(message.getContent());
                if (id < 0 || !users.get(receiver).equals(receiverOf[(int) id])) {
                    wrongReceiver.add(receiver + " got " + message.getContent());
                }
                tracker.onReceived(receiver, id, nanoTime);
            }
        });

        ConnectResult connected = fleet.connectAll();
        assertThat(connected.connected()).isEqualTo(USERS);
        assertThat(connected.failuresByCode()).isEmpty();

        Random random = new Random(7);
        for (int from = 0; from < USERS; from++) {
            for (int k = 0; k < PER_USER; k++) {
                int to = (from + 1 + random.nextInt(USERS - 1)) % USERS;
                long id = tracker.reserve(0);
                receiverOf[(int) id] = users.get(to);
                tracker.sending(id, System.nanoTime());
                String content = TextMessage.content("bench message", Long.toString(id));
                assertThat(fleet.send(from, ConversationType.PRIVATE, users.get(to), ObjectNames.TEXT, content, id))
                        .isTrue();
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> tracker.acked() + tracker.failed() == messages
                && tracker.received() == messages);
        assertThat(tracker.acked()).isEqualTo(messages);
        assertThat(tracker.failuresByCode()).isEmpty();
        assertThat(tracker.missing()).isZero();
        assertThat(tracker.duplicates()).isZero();
        assertThat(tracker.unknown()).isZero();
        assertThat(tracker.latencyMicros(0).getTotalCount()).isEqualTo(messages);
        assertThat(wrongReceiver).isEmpty();
        assertThat(fleet.stats().dropped()).isZero();
        assertThat(fleet.stats().kicked()).isZero();
    }

    @Test
    void aRefusedTokenFailsTheConnectWithItsCode() throws Exception {
        String token = new ServerApiClient(node.naviUrl(), node.appKey(), node.appSecret()).getToken("raw-ok").get();
        InetSocketAddress gateway = GatewayLookup.tcpGateway(node.naviUrl(), node.appKey(), token);
        fleet = RawFleet.create(new RawFleet.Plan(gateway, node.appKey(), List.of(token, "not-a-token"), 0, 2, 10, 0,
                1), new RawListener() {
            @Override
            public void onAck(long id, int code) {
            }

            @Override
            public void onMessage(int receiver, InboxMessage message, long nanoTime) {
            }
        });
        ConnectResult r = fleet.connectAll();
        assertThat(r.connected()).isEqualTo(1);
        assertThat(r.failuresByCode()).containsOnlyKeys(31004);
    }
}
