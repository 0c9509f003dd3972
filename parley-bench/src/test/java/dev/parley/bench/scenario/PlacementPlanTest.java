package dev.parley.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementPlanTest {
    private final Random random = new Random(42);

    @Test
    void crossPutsEachP2pPeerOnTheNextNode() {
        PlacementPlan plan = PlacementPlan.p2p(Placement.CROSS, 10, 3);
        assertThat(plan.pinned()).isTrue();
        for (int from = 0; from < 10; from++) {
            for (int k = 0; k < 50; k++) {
                int to = plan.peerOf(from, random);
                assertThat(to).isBetween(0, 9).isNotEqualTo(from);
                assertThat(plan.nodeOf(to)).isEqualTo((plan.nodeOf(from) + 1) % 3);
            }
        }
    }

    @Test
    void crossReachesEveryClientOfTheNextNode() {
        PlacementPlan plan = PlacementPlan.p2p(Placement.CROSS, 7, 2);
        Set<Integer> peers = new HashSet<>();
        for (int k = 0; k < 500; k++) {
            peers.add(plan.peerOf(0, random));
        }
        assertThat(peers).containsExactlyInAnyOrder(1, 3, 5);
    }

    @Test
    void crossDealsClientsRoundRobin() {
        PlacementPlan plan = PlacementPlan.p2p(Placement.CROSS, 6, 2);
        assertThat(new int[] {plan.nodeOf(0), plan.nodeOf(1), plan.nodeOf(2), plan.nodeOf(5)})
                .containsExactly(0, 1, 0, 1);
    }

    @Test
    void groupMembersAreDealtRoundRobinWithinEachGroup() {
        PlacementPlan plan = PlacementPlan.group(Placement.CROSS, 2, 5, 3);
        assertThat(plan.clients()).isEqualTo(10);
        // group 1 starts at client 5, its first member on node 0 again
        assertThat(new int[] {plan.nodeOf(0), plan.nodeOf(1), plan.nodeOf(2), plan.nodeOf(3), plan.nodeOf(4),
                plan.nodeOf(5), plan.nodeOf(6)}).containsExactly(0, 1, 2, 0, 1, 0, 1);
    }

    @Test
    void samePutsEveryoneOnNodeZeroAndSpreadLeavesItToNavigation() {
        PlacementPlan same = PlacementPlan.p2p(Placement.SAME, 4, 2);
        assertThat(same.pinned()).isTrue();
        assertThat(same.nodeOf(3)).isZero();
        PlacementPlan spread = PlacementPlan.p2p(Placement.SPREAD, 4, 2);
        assertThat(spread.pinned()).isFalse();
        assertThat(spread.nodeOf(1)).isEqualTo(PlacementPlan.BY_NAVIGATION);
    }

    @Test
    void otherPlacementsPickAnyOtherPeer() {
        PlacementPlan plan = PlacementPlan.p2p(Placement.SAME, 3, 1);
        Set<Integer> peers = new HashSet<>();
        for (int k = 0; k < 300; k++) {
            peers.add(plan.peerOf(1, random));
        }
        assertThat(peers).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void crossNeedsTwoNodesAndAClientPerNode() {
        assertThatThrownBy(() -> PlacementPlan.p2p(Placement.CROSS, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cluster-nodes");
        assertThatThrownBy(() -> PlacementPlan.p2p(Placement.CROSS, 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users");
        assertThatThrownBy(() -> PlacementPlan.group(Placement.CROSS, 1, 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("members");
    }
}
