package dev.parley.bench.scenario;

import dev.parley.bench.cluster.PinnedNavigation;
import dev.parley.bench.node.ClusterMember;
import dev.parley.bench.raw.GatewayLookup;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries a {@link PlacementPlan} out on a cluster, and records where each client actually
 * went. SDK engines are given a {@code naviServer} of the bench's {@link PinnedNavigation}
 * front (pinned to their node, or, under spread, node 0's navigation passed through
 * unchanged); raw clients are given their node's TCP gateway (under spread: the first gateway
 * node 0's navigation names, asked right before each connect). On a single node nothing
 * changes: engines navigate at the node itself, raw clients use the gateway looked up once.
 *
 * <p>Cross-node deliveries are counted as messages are sent, from where sender and receivers
 * were placed; {@link #addFigures} sets them beside the sessions each node reported.
 */
final class ClientPlacement implements AutoCloseable {
    private final ScenarioContext ctx;
    private final PlacementPlan plan;
    private final List<ClusterMember> members;
    private final PinnedNavigation front;
    private final int[] nodeOf;
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong crossDeliveries = new AtomicLong();

    private ClientPlacement(ScenarioContext ctx, PlacementPlan plan, PinnedNavigation front) {
        this.ctx = ctx;
        this.plan = plan;
        this.members = ctx.node().members();
        this.front = front;
        this.nodeOf = new int[plan.clients()];
        for (int i = 0; i < nodeOf.length; i++) {
            nodeOf[i] = members.size() > 1 ? plan.nodeOf(i) : 0;
        }
    }

    /** Placement of {@code plan}'s clients on the context's node(s); starts the navigation front for a cluster. */
    static ClientPlacement open(ScenarioContext ctx, PlacementPlan plan) throws IOException {
        boolean cluster = ctx.node().members().size() > 1;
        return new ClientPlacement(ctx, plan, cluster ? PinnedNavigation.start(ctx.node().members()) : null);
    }

    /** True when the clients are placed over several nodes. */
    boolean cluster() {
        return front != null;
    }

    /** The {@code naviServer} for SDK engine {@code client}. */
    String naviUrlFor(int client) {
        if (front == null) {
            return ctx.node().naviUrl();
        }
        return plan.pinned() ? front.pinnedUrl(plan.nodeOf(client)) : front.spreadUrl();
    }

    /** The TCP gateway raw client {@code client} connects to (cluster only); under spread asks navigation now. */
    InetSocketAddress gatewayFor(int client, String token) {
        if (plan.pinned()) {
            return members.get(plan.nodeOf(client)).tcpGateway();
        }
        try {
            InetSocketAddress gateway = GatewayLookup.tcpGateway(ctx.node().naviUrl(), ctx.node().appKey(), token);
            nodeOf[client] = PinnedNavigation.memberOf(gateway.getHostString() + ":" + gateway.getPort(), members);
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while navigating", e);
        }
    }

    /** After the clients connected under spread: where navigation sent each SDK engine's user first. */
    void engineNavigated() {
        if (front != null && !plan.pinned()) {
            for (int i = 0; i < nodeOf.length; i++) {
                int client = i;
                // raw clients were placed as they connected; only engines navigate through the front
                front.navigatedNode(ctx.userId(i)).ifPresent(n -> nodeOf[client] = n);
            }
        }
    }

    /** The node client {@code client} is on, or -1 if unknown. */
    int nodeOf(int client) {
        return nodeOf[client];
    }

    /** Counts one message from {@code from} to {@code to} (p2p). */
    void sent(int from, int to) {
        deliveries.incrementAndGet();
        if (nodeOf[from] >= 0 && nodeOf[to] >= 0 && nodeOf[from] != nodeOf[to]) {
            crossDeliveries.incrementAndGet();
        }
    }

    /** Counts one message from {@code from} to clients {@code firstMember .. firstMember + members - 1} but itself (group). */
    void sentToGroup(int from, int firstMember, int members) {
        deliveries.addAndGet(members - 1L);
        int cross = 0;
        for (int m = firstMember; m < firstMember + members; m++) {
            if (m != from && nodeOf[from] >= 0 && nodeOf[m] >= 0 && nodeOf[m] != nodeOf[from]) {
                cross++;
            }
        }
        crossDeliveries.addAndGet(cross);
    }

    /** Placement figures: clients placed and sessions reported per node, deliveries sent across nodes. */
    void addFigures(Report r, List<OptionalDouble> sessionsPerNode) {
        if (front == null) {
            return;
        }
        r.setup("placement", plan.placement().description());
        long[] placed = new long[members.size()];
        long unknown = 0;
        for (int n : nodeOf) {
            if (n >= 0 && n < placed.length) {
                placed[n]++;
            } else {
                unknown++;
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            OptionalDouble s = i < sessionsPerNode.size() ? sessionsPerNode.get(i) : OptionalDouble.empty();
            rows.add(List.of(i + " (" + members.get(i).nodeId() + ")", String.format(Locale.ROOT, "%,d", placed[i]),
                    s.isPresent() ? String.format(Locale.ROOT, "%,.0f", s.getAsDouble()) : "?"));
        }
        r.table(new Table("Placement: clients per node (" + (plan.pinned() ? "pinned by the bench"
                : "where navigation sent each first") + ") and sessions each node's /metrics reported with all "
                + "clients connected", List.of("node", "clients placed", "sessions"), rows));
        if (!plan.pinned() && Arrays.stream(placed).anyMatch(n -> n * members.size() * 2 < nodeOf.length)) {
            r.note("Navigation sent the clients unevenly: it ranks nodes by the session counts in its registry "
                    + "snapshot, which each node refreshes every 2 s, so a burst of connects goes to the node that "
                    + "was least loaded at the last refresh. Use --placement same or cross for a chosen spread.");
        }
        if (unknown > 0) {
            r.note(String.format(Locale.ROOT, "%,d clients' node is unknown (navigation's first gateway was not one "
                    + "of the cluster's); their deliveries are counted as same-node.", unknown));
        }
        long all = deliveries.get();
        long cross = crossDeliveries.get();
        r.figure("cross_node_deliveries", "Deliveries sent across nodes (sender and receiver placed on different "
                + "nodes, counted at send)", cross, "");
        r.figure("cross_node_share", "Share of deliveries across nodes", all == 0 ? 0 : 100.0 * cross / all, "%");
        if (front.pinnedButNotListed() > 0) {
            r.note(front.pinnedButNotListed() + " pinned navigation answers came from a node whose own navigation "
                    + "did not list it (registry not yet fresh); the client was pinned all the same.");
        }
    }

    /** For tests and the progress line: clients per node as placed so far. */
    long[] clientsPerNode() {
        long[] placed = new long[members.size()];
        Arrays.stream(nodeOf).filter(n -> n >= 0 && n < placed.length).forEach(n -> placed[n]++);
        return placed;
    }

    @Override
    public void close() {
        if (front != null) {
            front.close();
        }
    }
}
