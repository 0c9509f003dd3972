package dev.parley.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.bench.node.ClusterMember;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small navigation front in the bench, so that clients can be placed on chosen nodes of a
 * cluster without changing the server: {@code POST /node/<i>/navi.json} is forwarded to node
 * {@code i}'s own navigation (which checks the token as always) and its answer's gateway lists
 * are cut down to that node's own gateways; {@code POST /spread/navi.json} is forwarded to node
 * 0 and answered unchanged (navigation as shipped, least loaded first), the bench only noting
 * which node each user was sent to first. SDK engines get these URLs as their
 * {@code naviServer}; the sockets they then open go straight to the node, not through here.
 */
public final class PinnedNavigation implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ClusterMember> members;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Integer> firstNodeOfUser = new ConcurrentHashMap<>();
    private final AtomicLong notListed = new AtomicLong();

    private PinnedNavigation(List<ClusterMember> members) throws IOException {
        this.members = List.copyOf(members);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-pinned-navi");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the front on a free loopback port for {@code members} (each with its TCP gateway). */
    public static PinnedNavigation start(List<ClusterMember> members) throws IOException {
        return new PinnedNavigation(members);
    }

    /** The {@code naviServer} that places a client on member {@code node}. */
    public String pinnedUrl(int node) {
        if (node < 0 || node >= members.size()) {
            throw new IllegalArgumentException("no node " + node + " in a cluster of " + members.size());
        }
        return base() + "/node/" + node;
    }

    /** The {@code naviServer} that leaves placement to node 0's navigation, noting where it sent each user. */
    public String spreadUrl() {
        return base() + "/spread";
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The member whose gateway navigation named first for {@code userId} through {@link #spreadUrl()}. */
    public Optional<Integer> navigatedNode(String userId) {
        return Optional.ofNullable(firstNodeOfUser.get(userId));
    }

    /** Pinned answers in which the node's navigation had not listed the node's own gateway (stale registry). */
    public long pinnedButNotListed() {
        return notListed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Route route = Route.parse(path, members.size());
            if (route == null || !exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 404, "{\"code\":404}".getBytes());
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ClusterMember target = members.get(route.pinned() ? route.node() : 0);
            String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                    .orElse("application/x-www-form-urlencoded");
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(target.httpUrl() + "/navi.json"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] out = answer.body();
            if (answer.statusCode() == 200) {
                JsonNode json = JSON.readTree(out);
                if (route.pinned()) {
                    if (json.path("code").asInt() == 200 && !lists(json, target)) {
                        notListed.incrementAndGet();
                    }
                    out = JSON.writeValueAsBytes(pin(json, target));
                } else {
                    note(json);
                }
            }
            respond(exchange, answer.statusCode(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the client sees a failed navigation and retries, as with a node that is down
        }
    }

    private void note(JsonNode answer) {
        JsonNode tcp = answer.path("tcp");
        if (answer.path("code").asInt() != 200 || !tcp.isArray() || tcp.isEmpty()) {
            return;
        }
        int node = memberOf(tcp.get(0).asText(), members);
        if (node >= 0) {
            firstNodeOfUser.put(answer.path("userId").asText(), node);
        }
    }

    /** The index of the member whose TCP gateway is {@code address}, or -1. */
    public static int memberOf(String address, List<ClusterMember> members) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).tcpAddress().equals(address)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean lists(JsonNode answer, ClusterMember node) {
        for (JsonNode a : answer.path("tcp")) {
            if (a.asText().equals(node.tcpAddress())) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code answer} with its gateway lists replaced by {@code node}'s own TCP and WebSocket
     * gateways; a refusal (code other than 200) passes unchanged.
     */
    static JsonNode pin(JsonNode answer, ClusterMember node) {
        if (!answer.isObject() || answer.path("code").asInt() != 200) {
            return answer;
        }
        ObjectNode pinned = ((ObjectNode) answer).deepCopy();
        pinned.putArray("tcp").add(node.tcpAddress());
        pinned.putArray("ws").add(node.wsAddress());
        return pinned;
    }

    /** {@code /node/<i>/navi.json} (pinned to i) or {@code /spread/navi.json}; anything else is not a route. */
    record Route(boolean pinned, int node) {
        static Route parse(String path, int nodes) {
            if (path.equals("/spread/navi.json")) {
                return new Route(false, -1);
            }
            String[] parts = path.split("/");
            if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("node") && parts[3].equals("navi.json")) {
                try {
                    int n = Integer.parseInt(parts[2]);
                    return n >= 0 && n < nodes ? new Route(true, n) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
