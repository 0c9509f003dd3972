package dev.parley.bench.scenario;

import dev.parley.bench.load.ConnectResult;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.bench.raw.GatewayLookup;
import dev.parley.bench.raw.RawFleet;
import dev.parley.bench.raw.RawListener;
import dev.parley.bench.report.Report;
import dev.parley.client.ConversationType;
import dev.parley.client.ObjectNames;
import dev.parley.client.TextMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.wire.InboxMessage;
import java.util.List;

/**
 * Raw protocol sessions instead of SDK engines: the same bench messages (persisted
 * {@code RC:TxtMsg}, the run's message number in {@code extra}), with nothing but the wire
 * protocol on the generator's side, so that the generator's CPU stops hiding the server's
 * ceiling. Latency runs from the send call to the Notify read off the peer's socket.
 */
final class RawMessageClients implements MessageClients {
    private final ScenarioContext ctx;
    private final List<String> tokens;
    private final int inFlight;
    private final DeliveryTracker tracker;
    private final ClientPlacement placement;
    private RawFleet fleet;

    RawMessageClients(ScenarioContext ctx, List<String> tokens, int inFlight, DeliveryTracker tracker,
                      ClientPlacement placement) {
        this.ctx = ctx;
        this.tokens = tokens;
        this.inFlight = inFlight;
        this.tracker = tracker;
        this.placement = placement;
    }

    @Override
    public void connectAll(String phase) throws Exception {
        var gateway = GatewayLookup.tcpGateway(ctx.node().naviUrl(), ctx.node().appKey(), tokens.get(0));
        RawFleet.Plan plan = ctx.rawFleetPlan(gateway, tokens, inFlight);
        if (placement.cluster()) {
            plan = new RawFleet.Plan(plan.gateway(), plan.appKey(), plan.tokens(), plan.firstIndex(), plan.inFlight(),
                    plan.connectTimeoutSeconds(), plan.sourceAddresses(), plan.ioThreads(),
                    i -> placement.gatewayFor(i, tokens.get(i)));
        }
        fleet = RawFleet.create(plan, new RawListener() {
            @Override
            public void onAck(long id, int code) {
                tracker.onAck(id, code);
            }

            @Override
            public void onMessage(int receiver, InboxMessage message, long nanoTime) {
                tracker.onReceived(receiver, DeliveryTracker.idFromContent(message.getContent()), nanoTime);
            }
        });
        ctx.progress().printf("%s: connecting %,d raw protocol clients to %s (%s) ...%n", phase, tokens.size(),
                placement.cluster() ? "the cluster's nodes" : gateway, fleet.transportName());
        ConnectResult r = fleet.connectAll();
        ctx.progress().printf("%s: %,d connected, %,d failed in %.1f s%n", phase, r.connected(), r.failed(),
                r.elapsedNanos() / 1e9);
        if (r.failed() > 0) {
            throw new IllegalStateException(phase + ": " + r.failed() + " of " + r.attempted()
                    + " raw clients did not connect (" + r.failuresByCode() + ")");
        }
    }

    @Override
    public void send(int from, ConversationType type, String targetId, long id) {
        String content = TextMessage.content(BenchMessages.TEXT, Long.toString(id));
        tracker.sending(id, System.nanoTime());
        if (!fleet.send(from, toWire(type), targetId, ObjectNames.TEXT, content, id)) {
            tracker.refused(id, ErrorCode.RC_SOCKET_DISCONNECTED);
        }
    }

    private static dev.parley.protocol.wire.ConversationType toWire(ConversationType type) {
        return switch (type) {
            case PRIVATE -> dev.parley.protocol.wire.ConversationType.PRIVATE;
            case GROUP -> dev.parley.protocol.wire.ConversationType.GROUP;
            default -> throw new IllegalArgumentException("bench messages go to PRIVATE or GROUP, not " + type);
        };
    }

    @Override
    public void addFigures(Report report) {
        if (fleet == null) {
            return;
        }
        report.figure("raw_sessions_dropped", "Raw sessions closed by the server during the run",
                fleet.stats().dropped(), "");
        report.figure("raw_sessions_kicked", "Raw sessions kicked", fleet.stats().kicked(), "");
        report.figure("raw_gap_syncs", "Notifies past a gap in the inbox sequence (each answered by a sync)",
                fleet.stats().gapSyncs(), "");
    }

    @Override
    public void close() {
        if (fleet != null) {
            fleet.close();
        }
    }
}
