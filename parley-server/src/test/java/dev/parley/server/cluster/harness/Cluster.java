package dev.parley.server.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.support.ApiClient;
import dev.parley.server.support.ClusterServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * N equal nodes on one PostgreSQL database and one Redis key prefix of their own (from
 * {@link ClusterServices}), each node reaching both through a {@link FaultProxy} so a test can
 * take either away. The nodes run as separate processes ({@link ProcessNode}) or in this JVM,
 * sharing one secret key through {@code PARLEY_SECRET_KEY}. The first node starts alone and creates the
 * default app (its credentials are read from its data dir); the others then start side by
 * side. A {@link NaviBalancer} in front of the nodes' HTTP ports is where clients navigate.
 */
public final class Cluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterServices.PostgresDatabase database;
    private final FaultProxy postgresProxy;
    private final FaultProxy redisProxy;
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final NaviBalancer balancer;
    private final String appKey;
    private final String appSecret;

    /** What every node of one cluster is given: the shared services (through the relays) and the shared key. */
    public record Wiring(String postgresUrl, String postgresUser, String redisUrl, String keyPrefix,
                         Map<String, String> env) {
    }

    /** Makes node {@code id} with data dir {@code dataDir} on {@code wiring}. */
    @FunctionalInterface
    public interface NodeFactory {
        ClusterNode create(String id, Path dataDir, Wiring wiring);
    }

    private Cluster(Path dir, int size, NodeFactory factory) {
        database = ClusterServices.freshDatabase();
        URI pg = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        URI redis = URI.create(ClusterServices.redisUrl());
        postgresProxy = new FaultProxy(pg.getHost(), pg.getPort());
        redisProxy = new FaultProxy(redis.getHost(), redis.getPort());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Wiring wiring = new Wiring("jdbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/" + database.name(),
                database.user(), "redis://127.0.0.1:" + redisProxy.port(), ClusterServices.freshKeyPrefix(),
                Map.of("PARLEY_SECRET_KEY", Base64.getEncoder().encodeToString(key)));
        for (int i = 1; i <= size; i++) {
            nodes.add(factory.create("n" + i, dir.resolve("n" + i), wiring));
        }
        balancer = new NaviBalancer(() -> nodes.stream().filter(ClusterNode::alive).map(ClusterNode::httpPort).toList());
        try {
            nodes.get(0).start();
            JsonNode creds = readCredentials(nodes.get(0).dataDir());
            appKey = creds.get("appKey").asText();
            appSecret = creds.get("appSecret").asText();
            nodes.subList(1, size).forEach(ClusterNode::launch);
            nodes.subList(1, size).forEach(ClusterNode::awaitServing);
            nodes.forEach(Cluster::requireClusterMode);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts {@code size} process nodes under {@code dir}; on SIGTERM they drain for {@code drainSeconds}. */
    public static Cluster ofProcesses(Path dir, int size, int drainSeconds) {
        return new Cluster(dir, size, (id, dataDir, w) -> new ProcessNode(id, dataDir, List.of(
                "--postgres-url", w.postgresUrl(), "--postgres-user", w.postgresUser(), "--redis-url", w.redisUrl(),
                "--node-id", id, "--redis-key-prefix", w.keyPrefix(), "--advertise-host", "127.0.0.1",
                "--drain-seconds", Integer.toString(drainSeconds)), w.env()));
    }

    /** Starts {@code size} nodes made by {@code factory} under {@code dir}. */
    public static Cluster of(Path dir, int size, NodeFactory factory) {
        return new Cluster(dir, size, factory);
    }

    /** Fails at once, and says why, when a node came up embedded: a build without cluster mode. */
    private static void requireClusterMode(ClusterNode node) {
        NodeHealth h = node.health();
        String reported = h.body() == null ? null : h.body().path("node").asText(null);
        if (!node.id().equals(reported) || h.component("redis").equals("ABSENT")) {
            throw new IllegalStateException(node.id() + " did not come up as a cluster node (its /health says "
                    + h.body() + "): this build has no cluster mode\n" + node.logTail(30));
        }
    }

    private static JsonNode readCredentials(Path dataDir) {
        Path file = dataDir.resolve("initial-credentials.json");
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("the first node wrote no " + file, e);
        }
    }

    public List<ClusterNode> nodes() {
        return nodes;
    }

    /** Node {@code i}, counted from 1 as in its id {@code n<i>}. */
    public ClusterNode node(int i) {
        return nodes.get(i - 1);
    }

    public List<ClusterNode> liveNodes() {
        return nodes.stream().filter(ClusterNode::alive).toList();
    }

    public String appKey() {
        return appKey;
    }

    /** Server API client against {@code node}. */
    public ApiClient api(ClusterNode node) {
        return new ApiClient(node.baseUrl(), appKey, appSecret);
    }

    /** Server API client against the first live node. */
    public ApiClient api() {
        return api(liveNodes().get(0));
    }

    /** A fresh token for {@code userId} (registering the user). */
    public String token(String userId) {
        return api().token(userId);
    }

    /** Creates group {@code groupId} with {@code members}. */
    public void createGroup(String groupId, List<String> members) {
        List<String> pairs = new ArrayList<>(List.of("groupId", groupId, "groupName", groupId));
        members.forEach(m -> {
            pairs.add("userId");
            pairs.add(m);
        });
        ApiClient.Reply r = api().post("/group/create.json", pairs.toArray(String[]::new));
        if (r.code() != 200) {
            throw new IllegalStateException("group/create failed: " + r.body());
        }
    }

    /** Where clients navigate: any live node, as behind an operator's load balancer. */
    public String naviUrl() {
        return balancer.url();
    }

    /** The TCP gateways {@code node}'s {@code /navi.json} hands {@code token}'s client, in its order. */
    public List<String> naviTcp(ClusterNode node, String token) {
        ApiClient.Reply r = ApiClient.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/navi.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.form("appKey", appKey, "token", token))).build());
        if (r.code() != 200) {
            throw new IllegalStateException("navi.json on " + node.id() + " answered " + r.body());
        }
        return StreamSupport.stream(r.body().path("tcp").spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The relay between the nodes and PostgreSQL: {@code cut()} it for an outage. */
    public FaultProxy postgres() {
        return postgresProxy;
    }

    /** The relay between the nodes and Redis: {@code cut()} it for an outage. */
    public FaultProxy redis() {
        return redisProxy;
    }

    /** Every node's log tail, for a failure message. */
    public String logs(int linesPerNode) {
        StringBuilder sb = new StringBuilder();
        nodes.forEach(n -> sb.append("----- ").append(n.id()).append(" -----\n").append(n.logTail(linesPerNode))
                .append('\n'));
        return sb.toString();
    }

    @Override
    public void close() {
        balancer.close();
        nodes.forEach(ClusterNode::close);
        postgresProxy.close();
        redisProxy.close();
        database.close();
    }
}
