package dev.parley.bench.scenario;

import java.util.random.RandomGenerator;

/**
 * Which node each client of a message scenario is placed on, and, for p2p, which peers a
 * sender writes to so that the placement means something: under {@link Placement#CROSS} client
 * {@code u} is on node {@code u mod N} and writes only to clients of node {@code (u mod N) + 1
 * mod N}; group members are dealt round-robin over the nodes by their place in the group.
 * Under {@link Placement#SPREAD} the plan decides nothing ({@link #nodeOf} is -1): navigation
 * does, and the bench observes where it sent each client.
 */
public final class PlacementPlan {
    public static final int BY_NAVIGATION = -1;

    private final Placement placement;
    private final int nodes;
    private final int clients;
    private final int groupSize;

    private PlacementPlan(Placement placement, int nodes, int clients, int groupSize) {
        this.placement = placement;
        this.nodes = nodes;
        this.clients = clients;
        this.groupSize = groupSize;
    }

    /** {@code users} p2p clients over {@code nodes} nodes. */
    public static PlacementPlan p2p(Placement placement, int users, int nodes) {
        check(placement, nodes);
        if (placement == Placement.CROSS && users < nodes) {
            throw new IllegalArgumentException("--placement cross needs at least as many users as nodes ("
                    + nodes + ")");
        }
        return new PlacementPlan(placement, nodes, users, 0);
    }

    /** {@code groups} groups of {@code members} clients each (client {@code g * members + m}) over {@code nodes} nodes. */
    public static PlacementPlan group(Placement placement, int groups, int members, int nodes) {
        check(placement, nodes);
        if (placement == Placement.CROSS && members < nodes) {
            throw new IllegalArgumentException("--placement cross needs at least as many members per group as nodes ("
                    + nodes + ")");
        }
        return new PlacementPlan(placement, nodes, groups * members, members);
    }

    private static void check(Placement placement, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("at least one node");
        }
        if (placement == Placement.CROSS && nodes < 2) {
            throw new IllegalArgumentException("--placement cross needs a cluster: --server-process --cluster-nodes 2 "
                    + "or more");
        }
    }

    public Placement placement() {
        return placement;
    }

    public int nodes() {
        return nodes;
    }

    public int clients() {
        return clients;
    }

    /** True when the bench decides each client's node (same, cross); false when navigation does (spread). */
    public boolean pinned() {
        return placement != Placement.SPREAD;
    }

    /** The node client {@code client} is placed on, or {@link #BY_NAVIGATION}. */
    public int nodeOf(int client) {
        return switch (placement) {
            case SPREAD -> BY_NAVIGATION;
            case SAME -> 0;
            case CROSS -> groupSize > 0 ? (client % groupSize) % nodes : client % nodes;
        };
    }

    /**
     * A random p2p peer of {@code from} (never {@code from} itself): under cross a client of
     * the next node, otherwise any other client.
     */
    public int peerOf(int from, RandomGenerator random) {
        if (placement != Placement.CROSS) {
            int to = random.nextInt(clients - 1);
            return to >= from ? to + 1 : to;
        }
        int target = (from % nodes + 1) % nodes;
        // clients of node t: t, t + N, t + 2N, ... below the client count
        int onTarget = (clients - target + nodes - 1) / nodes;
        return target + nodes * random.nextInt(onTarget);
    }
}
