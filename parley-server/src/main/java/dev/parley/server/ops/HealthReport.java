package dev.parley.server.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code /health} answers: the node's overall status, derived from its components, and
 * the HTTP status a load balancer routes by.
 *
 * <ul>
 *   <li>DOWN (503): the storage is down, so the node can neither take nor deliver messages;</li>
 *   <li>DRAINING (503): the node is sending its sessions elsewhere and takes no new ones;</li>
 *   <li>DEGRADED (200): another component is down (Redis: this node's own users still
 *       work, cross-node delivery waits until it is back);</li>
 *   <li>UP (200): everything works.</li>
 * </ul>
 *
 * @param node       the node id, or "embedded" for a single node
 * @param draining   whether the node is draining
 * @param sessions   live sessions on this node
 * @param components each component's state, by name
 */
public record HealthReport(String node, boolean draining, int sessions, Map<String, ComponentHealth.State> components) {
    /** The component without which the node is DOWN. */
    public static final String STORAGE = "storage";
    public static final String EMBEDDED_NODE = "embedded";

    public enum Status { UP, DEGRADED, DRAINING, DOWN }

    public HealthReport {
        components = Map.copyOf(components);
    }

    public Status status() {
        ComponentHealth.State storage = components.get(STORAGE);
        if (storage != null && !storage.up()) {
            return Status.DOWN;
        }
        if (draining) {
            return Status.DRAINING;
        }
        return components.values().stream().allMatch(ComponentHealth.State::up) ? Status.UP : Status.DEGRADED;
    }

    /** 200 while the node should get traffic (UP, DEGRADED), 503 otherwise. */
    public int httpStatus() {
        return switch (status()) {
            case UP, DEGRADED -> 200;
            case DRAINING, DOWN -> 503;
        };
    }

    /**
     * The JSON body. {@code code} stays 200 (the report was made; the HTTP status says whether
     * to route here), as the body always had before nodes had components.
     */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 200);
        body.put("status", status().name());
        body.put("node", node);
        body.put("sessions", sessions);
        Map<String, Object> parts = new LinkedHashMap<>();
        components.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("status", e.getValue().status().name());
            part.put("detail", e.getValue().detail());
            part.put("since", e.getValue().since().toString());
            parts.put(e.getKey(), part);
        });
        body.put("components", parts);
        return body;
    }
}
