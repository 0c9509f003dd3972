package dev.parley.bench.scenario;

/** Where a message scenario's clients connect in a cluster. */
public enum Placement {
    /** Navigation as shipped: node 0's navigation sends each client to the least loaded node. */
    SPREAD("spread: navigation as shipped (node 0's, least loaded node first)"),
    /** Every client on node 0: same-node delivery, with the cluster's storage. */
    SAME("same: every client on node 0 (same-node delivery, cluster storage)"),
    /** Senders and their receivers on different nodes: every delivery crosses nodes (p2p), members round-robin (group). */
    CROSS("cross: senders and receivers on different nodes");

    private final String description;

    Placement(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
