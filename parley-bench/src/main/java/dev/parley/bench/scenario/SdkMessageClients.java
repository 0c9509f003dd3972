package dev.parley.bench.scenario;

import dev.parley.bench.load.EngineFleet;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.client.ConversationType;
import dev.parley.client.SendMessageCallback;
import java.util.List;

/** Real SDK engines in this JVM, each with its local database: the default generator. */
final class SdkMessageClients implements MessageClients {
    private final ScenarioContext ctx;
    private final EngineFleet fleet;
    private final DeliveryTracker tracker;
    private final SendMessageCallback ack;

    SdkMessageClients(ScenarioContext ctx, List<String> tokens, int inFlight, DeliveryTracker tracker,
                      ClientPlacement placement) {
        this.ctx = ctx;
        this.fleet = ctx.localFleet(tokens, 0, inFlight, placement::naviUrlFor);
        this.tracker = tracker;
        this.ack = BenchMessages.ackTo(tracker);
        BenchMessages.listen(fleet, tracker);
    }

    @Override
    public void connectAll(String phase) throws InterruptedException {
        ctx.connectAllOrFail(fleet, phase);
    }

    @Override
    public void send(int from, ConversationType type, String targetId, long id) {
        BenchMessages.send(tracker, ack, fleet.engines().get(from), type, targetId, id);
    }

    @Override
    public void close() {
        fleet.close();
    }
}
