package dev.parley.server.cluster;

import dev.parley.protocol.cluster.Notifications;
import dev.parley.protocol.cluster.PresenceEntry;
import dev.parley.server.messaging.PeerDelivery;
import dev.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Cross-node delivery: after a batch commits, looks up where its recipients' devices are
 * ({@link ClusterPresence}) and publishes one envelope per other node holding any of them,
 * with each message once and that node's users and seqs. Asynchronous from end to end, so
 * the delivery thread never waits for Redis; per target node the envelopes leave in commit
 * order (one connection, replies in order). Anything lost costs the device a sync.
 */
final class PeerNotifier implements PeerDelivery {
    private record UserKey(String appKey, String userId) {
    }

    private final ClusterPresence presence;
    private final ClusterBus bus;
    private final RedisLink redis;
    private final String nodeId;
    private final ClusterMetrics metrics;

    PeerNotifier(ClusterPresence presence, ClusterBus bus, RedisLink redis, String nodeId, ClusterMetrics metrics) {
        this.presence = presence;
        this.bus = bus;
        this.redis = redis;
        this.nodeId = nodeId;
        this.metrics = metrics;
    }

    @Override
    public void committed(List<Entry> entries) {
        if (!redis.health().up()) {
            metrics.dropped("redis-down");
            return;
        }
        Map<UserKey, CompletableFuture<Map<String, PresenceEntry>>> where = new HashMap<>();
        for (Entry entry : entries) {
            for (String user : entry.users()) {
                where.computeIfAbsent(new UserKey(entry.message().appKey(), user), k -> presence
                        .lookup(k.appKey(), k.userId()).toCompletableFuture()
                        // A failed lookup only loses that user's notification: they sync.
                        .exceptionally(e -> ClusterPresence.none()));
            }
        }
        metrics.lookups(where.size());
        CompletableFuture.allOf(where.values().toArray(CompletableFuture[]::new))
                .thenRun(() -> publish(entries, where));
    }

    @Override
    public void status(StoredMessage message, List<String> users) {
        committed(List.of(new Entry(message, users, new long[users.size()])));
    }

    private void publish(List<Entry> entries, Map<UserKey, CompletableFuture<Map<String, PresenceEntry>>> where) {
        Map<String, Notifications.Builder> byNode = new LinkedHashMap<>();
        for (Entry entry : entries) {
            Map<String, Targets> targets = new LinkedHashMap<>();
            for (int i = 0; i < entry.users().size(); i++) {
                String user = entry.users().get(i);
                Map<String, PresenceEntry> devices = where.get(new UserKey(entry.message().appKey(), user)).join();
                for (PresenceEntry device : devices.values()) {
                    if (!device.getNodeId().equals(nodeId)) {
                        targets.computeIfAbsent(device.getNodeId(), n -> new Targets()).add(user, entry.seqs()[i]);
                    }
                }
            }
            targets.forEach((node, t) -> byNode.computeIfAbsent(node, n -> Notifications.newBuilder())
                    .addMessages(PeerMessages.encode(entry.message(), t.users, t.seqs)));
        }
        byNode.forEach((node, notifications) -> bus.toNode(node, bus.envelope().setNotifications(notifications).build()));
    }

    /** One node's recipients of one message: each user once, even with several devices there. */
    private static final class Targets {
        final List<String> users = new ArrayList<>(2);
        final List<Long> seqs = new ArrayList<>(2);

        void add(String user, long seq) {
            // A user's devices on one node come one after another: comparing with the last is enough.
            if (users.isEmpty() || !users.get(users.size() - 1).equals(user)) {
                users.add(user);
                seqs.add(seq);
            }
        }
    }
}
