package dev.parley.server.cluster;

/**
 * The Redis keys and channels of one cluster, all under {@code <prefix>:} so that clusters
 * (and tests) sharing a Redis never meet.
 */
record ClusterKeys(String prefix) {
    /** The set of node ids that have registered (a member whose record expired is dead). */
    String nodes() {
        return prefix + ":nodes";
    }

    /** A node's record, with a TTL. */
    String node(String nodeId) {
        return prefix + ":nodes:" + nodeId;
    }

    /** A user's presence: a hash from platform class to where that device is connected. */
    String presence(String appKey, String userId) {
        return prefix + ":presence:" + appKey + ":" + userId;
    }

    /** The pub/sub channel a node listens on. */
    String channel(String nodeId) {
        return prefix + ":node:" + nodeId;
    }

    /** The pub/sub channel every node listens on. */
    String broadcast() {
        return prefix + ":broadcast";
    }
}
