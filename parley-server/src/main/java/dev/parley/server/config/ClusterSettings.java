package dev.parley.server.config;

import java.util.regex.Pattern;

/**
 * How a node joins a cluster: the shared PostgreSQL (apps, users, groups, messages, inboxes)
 * and Redis (presence, node registry, cross-node notifications). Every node of a cluster is
 * equal; they differ only in {@code nodeId} and the addresses they advertise.
 *
 * @param postgresUrl      JDBC URL of the shared database ({@code jdbc:postgresql://host:5432/db})
 * @param postgresUser     database user, or null for the URL's or the driver's default
 * @param postgresPassword database password, or null
 * @param redisUrl         Redis URI ({@code redis://host:6379}, {@code redis://:password@host:6379/0})
 * @param nodeId           this node's name in the cluster, unique among live nodes
 * @param keyPrefix        prefix of every Redis key and channel: clusters sharing one Redis stay apart
 * @param advertiseHost    host other nodes' navigation hands out for this node's gateways (when no
 *                         explicit --advertise-tcp/--advertise-ws are given)
 * @param drain            start draining: take no new connections, send live sessions elsewhere
 */
public record ClusterSettings(String postgresUrl, String postgresUser, String postgresPassword, String redisUrl,
                              String nodeId, String keyPrefix, String advertiseHost, boolean drain) {

    public static final String DEFAULT_KEY_PREFIX = "parley";
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ClusterSettings {
        if (postgresUrl == null || !postgresUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the PostgreSQL URL must start with jdbc:postgresql://: " + postgresUrl);
        }
        if (redisUrl == null || !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            throw new IllegalArgumentException("the Redis URL must start with redis:// or rediss://: " + redisUrl);
        }
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id must be 1-64 of [A-Za-z0-9._-]: " + nodeId);
        }
        if (keyPrefix == null || !NODE_ID.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("Redis key prefix must be 1-64 of [A-Za-z0-9._-]: " + keyPrefix);
        }
        if (advertiseHost == null || advertiseHost.isBlank()) {
            throw new IllegalArgumentException("advertise host is required");
        }
    }

    /** Never shows the PostgreSQL password, nor one inside the Redis URL. */
    @Override
    public String toString() {
        return "ClusterSettings[postgres=" + new PostgresUrl(postgresUrl, postgresUser, postgresPassword)
                + ", redis=" + PostgresUrl.masked(redisUrl) + ", nodeId=" + nodeId + ", keyPrefix=" + keyPrefix
                + ", advertiseHost=" + advertiseHost + ", drain=" + drain + "]";
    }

    public ClusterSettings withDrain(boolean draining) {
        return new ClusterSettings(postgresUrl, postgresUser, postgresPassword, redisUrl, nodeId, keyPrefix,
                advertiseHost, draining);
    }
}
