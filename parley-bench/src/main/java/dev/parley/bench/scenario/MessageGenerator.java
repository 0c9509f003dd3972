package dev.parley.bench.scenario;

import dev.parley.bench.measure.DeliveryTracker;
import java.util.List;

/**
 * What sends and receives a message scenario's messages. {@link #SDK} measures the whole
 * system as apps see it; {@link #RAW} takes the SDK's own cost (about 220 µs of CPU per 1:1
 * message, mostly its local database) out of the generator, so that a small machine can load
 * the server to its own ceiling.
 */
public enum MessageGenerator {
    /** Real SDK engines, each with its own local SQLite database (the default). */
    SDK("SDK engines (ImEngine), each with its own local SQLite database"),
    /** Light clients speaking the wire protocol directly. */
    RAW("raw protocol clients: no SDK, no local database (one TCP session per user on a shared event loop "
            + "group; Connect, initial sync, Send/SendAck, Notify)");

    private final String description;

    MessageGenerator(String description) {
        this.description = description;
    }

    /** For the report's setup section. */
    public String description() {
        return description;
    }

    MessageClients open(ScenarioContext ctx, List<String> tokens, int inFlight, DeliveryTracker tracker,
                        ClientPlacement placement) {
        return switch (this) {
            case SDK -> new SdkMessageClients(ctx, tokens, inFlight, tracker, placement);
            case RAW -> new RawMessageClients(ctx, tokens, inFlight, tracker, placement);
        };
    }
}
