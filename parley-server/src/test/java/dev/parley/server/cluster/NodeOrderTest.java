package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.cluster.NodeRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeOrderTest {
    private static NodeRecord node(String id, int sessions) {
        return NodeRecord.newBuilder().setNodeId(id).setSessions(sessions).build();
    }

    private static Map<String, Integer> firstChoices(NodeOrder order, List<NodeRecord> snapshot, int clients) {
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < clients; i++) {
            firsts.merge(order.next(snapshot).get(0).getNodeId(), 1, Integer::sum);
        }
        return firsts;
    }

    @Test
    void aBurstOfClientsBetweenTwoSnapshotsSpreadsEvenlyOverEquallyLoadedNodes() {
        List<NodeRecord> snapshot = List.of(node("a", 10), node("b", 10), node("c", 10));
        Map<String, Integer> firsts = firstChoices(new NodeOrder(new Random(1)), snapshot, 900);
        assertThat(firsts).containsOnlyKeys("a", "b", "c");
        assertThat(firsts.values()).allSatisfy(n -> assertThat(n).isEqualTo(300));
    }

    @Test
    void aBurstFillsTheLeastLoadedNodeUpToTheOthersThenSpreads() {
        List<NodeRecord> snapshot = List.of(node("a", 0), node("b", 100), node("c", 100));
        NodeOrder order = new NodeOrder(new Random(2));
        assertThat(firstChoices(order, snapshot, 100)).containsExactly(Map.entry("a", 100));
        Map<String, Integer> next = firstChoices(order, snapshot, 300);
        assertThat(next.values()).allSatisfy(n -> assertThat(n).isEqualTo(100));
    }

    @Test
    void theWholeListIsLeastLoadedFirst() {
        List<NodeRecord> order = new NodeOrder(new Random(3)).next(List.of(node("a", 30), node("b", 10), node("c", 20)));
        assertThat(order).extracting(NodeRecord::getNodeId).containsExactly("b", "c", "a");
    }

    @Test
    void aDrainingNodeIsNeverNamed() {
        List<NodeRecord> snapshot = List.of(node("a", 50), node("b", 0).toBuilder().setDraining(true).build());
        NodeOrder order = new NodeOrder(new Random(4));
        for (int i = 0; i < 100; i++) {
            assertThat(order.next(snapshot)).extracting(NodeRecord::getNodeId).containsExactly("a");
        }
    }

    @Test
    void aNewSnapshotReplacesTheClientsCountedSinceTheLastOne() {
        NodeOrder order = new NodeOrder(new Random(5));
        List<NodeRecord> before = List.of(node("a", 0), node("b", 5));
        firstChoices(order, before, 5); // a now counts 5 sent: tied with b
        List<NodeRecord> after = List.of(node("a", 0), node("b", 5)); // a's clients never arrived
        assertThat(order.next(after).get(0).getNodeId()).isEqualTo("a");
    }

    @Test
    void equallyLoadedNodesComeInEveryOrderAcrossNavigationNodes() {
        List<NodeRecord> snapshot = List.of(node("a", 7), node("b", 7), node("c", 7));
        Set<String> firsts = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            firsts.add(new NodeOrder(new Random(seed)).next(snapshot).get(0).getNodeId());
        }
        assertThat(firsts).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void noLiveNodeGivesAnEmptyOrder() {
        assertThat(new NodeOrder(new Random(6)).next(List.of())).isEmpty();
    }
}
