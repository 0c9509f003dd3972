package dev.parley.bench.scenario;

import dev.parley.bench.report.Report;
import dev.parley.client.ConversationType;

/**
 * The clients a message phase drives, one per user in token order: real SDK engines, or raw
 * protocol sessions. Both report acks and deliveries to the phase's tracker.
 */
interface MessageClients extends AutoCloseable {
    /** Connects every client (untimed set-up); fails the run unless all connect. */
    void connectAll(String phase) throws Exception;

    /** Sends bench message {@code id} from client {@code from}, stamping the send time first. */
    void send(int from, ConversationType type, String targetId, long id);

    /** Adds what only this kind of client can tell (raw sessions dropped, say) to the report. */
    default void addFigures(Report report) {
    }

    @Override
    void close();
}
