package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.cluster.PresenceEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which presence entries a node believes: only those of a node run that is still alive. */
class ClusterPresenceTest {
    private static final long NOW = 1_000_000;
    private static final NodeRegistry.Snapshot LIVE = new NodeRegistry.Snapshot(List.of(),
            Map.of("b", "b-run-2"), NOW);

    private static PresenceEntry entry(String node, String incarnation, long connectedAt) {
        return PresenceEntry.newBuilder().setNodeId(node).setIncarnation(incarnation).setSessionId("s")
                .setDeviceId("d").setConnectedAt(connectedAt).build();
    }

    @Test
    void thisNodesEntriesAreLiveOnlyFromItsCurrentRun() {
        assertThat(ClusterPresence.isLive(entry("a", "a-run-1", 0), LIVE, "a", "a-run-1", NOW)).isTrue();
        assertThat(ClusterPresence.isLive(entry("a", "a-run-0", NOW), LIVE, "a", "a-run-1", NOW)).isFalse();
    }

    @Test
    void anotherNodesEntriesAreLiveWhileThatRunIsRegistered() {
        assertThat(ClusterPresence.isLive(entry("b", "b-run-2", 0), LIVE, "a", "a-run-1", NOW)).isTrue();
        // Node b restarted: what its earlier run left behind is dead at once.
        assertThat(ClusterPresence.isLive(entry("b", "b-run-1", NOW), LIVE, "a", "a-run-1", NOW)).isFalse();
    }

    @Test
    void anUnregisteredNodesEntriesAreLiveOnlyWhileFresh() {
        long grace = ClusterPresence.NEW_NODE_GRACE.toMillis();
        // A node that started after the last snapshot, or a snapshot lost with Redis.
        assertThat(ClusterPresence.isLive(entry("c", "c-run-1", NOW - grace + 1), LIVE, "a", "a-run-1", NOW))
                .isTrue();
        assertThat(ClusterPresence.isLive(entry("c", "c-run-1", NOW - grace), null, "a", "a-run-1", NOW)).isFalse();
    }
}
