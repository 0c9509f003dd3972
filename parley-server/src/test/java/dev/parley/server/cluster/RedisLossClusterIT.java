package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.client.ConversationType;
import dev.parley.client.EngineOptions;
import dev.parley.client.ImEngine;
import dev.parley.client.Platform;
import dev.parley.client.TextMessage;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ClusterSettings;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.support.ClusterServices;
import dev.parley.server.support.ClusterTestNode;
import dev.parley.server.support.Engines;
import dev.parley.server.support.MessageRecorder;
import dev.parley.server.support.SendRecorder;
import dev.parley.server.support.TcpProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that loses Redis (issue 12 item 5, in this JVM): it goes on serving its own sessions,
 * says so in {@code /health}, and once Redis is back (even a Redis that forgot everything) the
 * other nodes reach its devices again, which catch up on what they missed by sync.
 */
class RedisLossClusterIT {
    @TempDir
    Path dir;

    /** Accepts and at once closes every connection: Redis "down" behind the proxy. */
    private static final class Refuser implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Refuser() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "redis-refuser");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static boolean redisUp(ParleyServer node) throws Exception {
        return node.health().get(5, TimeUnit.SECONDS).components().get("redis").up();
    }

    private static void send(ImEngine from, String to, String text) throws Exception {
        SendRecorder s = new SendRecorder();
        assertThat(from.sendMessage(from.createTextMessage(ConversationType.PRIVATE, to, text), s)).isZero();
        s.sent.get(30, TimeUnit.SECONDS);
        assertThat(s.codes).containsExactly(0);
    }

    private static List<String> texts(MessageRecorder r) {
        return r.deliveries.stream().map(d -> ((TextMessage) d.message()).getText()).toList();
    }

    @Test
    void aNodeCutOffFromRedisServesItsOwnSessionsAndRejoinsWhenRedisReturnsEmpty() throws Exception {
        URI redis = URI.create(ClusterServices.redisUrl());
        AtomicInteger target = new AtomicInteger(redis.getPort());
        try (ClusterServices.PostgresDatabase db = ClusterServices.freshDatabase();
             Refuser refuser = new Refuser();
             TcpProxy proxy = new TcpProxy(target::get);
             Engines engines = new Engines(dir.resolve("devices"))) {
            String prefix = ClusterServices.freshKeyPrefix();
            Map<String, String> env = ClusterTestNode.freshKey();
            ServerConfig viaProxy = ClusterTestNode.config(dir.resolve("a"), db, prefix, "cut-a");
            ClusterSettings s = viaProxy.cluster();
            viaProxy = viaProxy.withCluster(new ClusterSettings(s.postgresUrl(), s.postgresUser(), null,
                    "redis://127.0.0.1:" + proxy.port(), s.nodeId(), prefix, s.advertiseHost(), false));
            try (ClusterTestNode a = ClusterTestNode.start(viaProxy, env);
                 ClusterTestNode b = ClusterTestNode.start(ClusterTestNode.config(dir.resolve("b"), db, prefix, "cut-b"),
                         env)) {
                var creds = a.server().initialCredentials().orElseThrow();
                a.server().appAdmin().setSendRateLimit(creds.appKey(), 0);
                MessageRecorder carolGot = new MessageRecorder();
                MessageRecorder bobGot = new MessageRecorder();
                MessageRecorder aliceGot = new MessageRecorder();
                ImEngine alice = online(engines, a, creds, "alice", aliceGot);
                ImEngine carol = online(engines, a, creds, "carol", carolGot);
                ImEngine bob = online(engines, b, creds, "bob", bobGot);
                send(alice, "bob", "before");
                await().atMost(Duration.ofSeconds(5)).until(() -> bobGot.deliveries.size() == 1);

                target.set(refuser.socket.getLocalPort());
                proxy.dropExisting();
                await().atMost(Duration.ofSeconds(5)).until(() -> !redisUp(a.server()));
                assertThat(redisUp(b.server())).isTrue();

                // Same-node delivery goes on; the message to bob is stored, his node is not told.
                send(alice, "carol", "while cut off");
                send(alice, "bob", "missed");
                await().atMost(Duration.ofSeconds(5)).until(() -> carolGot.deliveries.size() == 1);
                assertThat(texts(carolGot)).containsExactly("while cut off");

                // Redis comes back having forgotten node A's presence (as after a restart without
                // persistence, which node B would see too and answer the same way).
                forgetPresence(redis, prefix, "alice", "carol");
                target.set(redis.getPort());
                await().atMost(Duration.ofSeconds(10)).until(() -> redisUp(a.server()));

                // Node A re-announced its sessions: bob's node reaches alice again, live.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    int before = aliceGot.deliveries.size();
                    send(bob, "alice", "hello again " + before);
                    await().atMost(Duration.ofSeconds(1)).until(() -> aliceGot.deliveries.size() > before);
                });
                // And bob, told of the next message, syncs the one he missed: each once, in order.
                send(alice, "bob", "after");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(texts(bobGot)).hasSize(3));
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                        .until(() -> bobGot.deliveries.size() == 3);
                assertThat(texts(bobGot)).containsExactly("before", "missed", "after");
            }
        }
    }

    private ImEngine online(Engines engines, ClusterTestNode node, dev.parley.server.FirstStart.InitialCredentials creds,
                            String user, MessageRecorder recorder) throws Exception {
        ImEngine engine = engines.create(EngineOptions.builder().appKey(creds.appKey()).naviServer(node.pinnedNaviUrl())
                .dataDir(dir.resolve("device-" + user)).platform(Platform.MOBILE)
                .pongTimeout(Duration.ofSeconds(1)).connectAckTimeout(Duration.ofSeconds(3)));
        engine.setOnMessageReceivedListener(recorder);
        engine.setOnOfflineMessageSyncCompletedListener(recorder);
        assertThat(Engines.connect(engine, node.api(creds.appKey(), creds.appSecret()).token(user), 10)
                .connected.get(15, TimeUnit.SECONDS)).isZero();
        return engine;
    }

    private static void forgetPresence(URI redis, String prefix, String... users) {
        RedisClient client = RedisClient.create("redis://" + redis.getHost() + ":" + redis.getPort());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (String user : users) {
                List<String> keys = c.sync().keys(prefix + ":presence:*:" + user);
                assertThat(keys).hasSize(1);
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
