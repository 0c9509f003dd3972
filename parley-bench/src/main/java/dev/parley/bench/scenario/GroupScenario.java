package dev.parley.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.api.ServerApiClient;
import dev.parley.bench.measure.DeliveryTracker;
import dev.parley.bench.measure.LatencySummary;
import dev.parley.bench.report.Report;
import dev.parley.bench.report.Target;
import dev.parley.client.ConversationType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code group}: {@code groups} groups of {@code members} online members each (one engine per
 * member, created through the Server API's {@code /group/create.json}); {@code senders}
 * members of each group send at stepped offered rates (messages/s over all groups). Every
 * message is one delivery to each other member. Reports deliveries per second and latency per
 * delivery (send call to each member's {@code onReceived}), lost and duplicated deliveries.
 */
public final class GroupScenario implements Scenario {
    static final Target DELIVERIES_PER_SECOND = Target.atLeast(50_000);
    private static final int TARGET_MEMBERS = 1000;
    private static final int USERS_PER_CALL = 1000;

    private final int members;
    private final int groups;
    private final int senders;
    private final List<Integer> rates;
    private final int stepSeconds;
    private final int warmupSeconds;
    private final int graceSeconds;
    private final int inFlight;
    private final MessageGenerator generator;
    private final Placement placement;

    public GroupScenario(int members, int groups, int senders, List<Integer> rates, int stepSeconds, int warmupSeconds,
                         int graceSeconds, int inFlight, MessageGenerator generator) {
        this(members, groups, senders, rates, stepSeconds, warmupSeconds, graceSeconds, inFlight, generator,
                Placement.SPREAD);
    }

    /** @param placement where the members connect in a cluster (on a single node: all on it, whatever this says) */
    public GroupScenario(int members, int groups, int senders, List<Integer> rates, int stepSeconds, int warmupSeconds,
                         int graceSeconds, int inFlight, MessageGenerator generator, Placement placement) {
        if (members < 2 || members > 3000 || groups < 1 || senders < 1 || senders > members || rates.isEmpty()
                || rates.stream().anyMatch(r -> r < 1) || stepSeconds < 1 || warmupSeconds < 0 || graceSeconds < 0
                || inFlight < 1 || rates.size() > 100) {
            throw new IllegalArgumentException("group needs 2..3000 members, at least 1 group, 1..members senders, "
                    + "1..100 positive rates and steps of at least 1 s");
        }
        this.members = members;
        this.groups = groups;
        this.senders = senders;
        this.rates = List.copyOf(rates);
        this.stepSeconds = stepSeconds;
        this.warmupSeconds = warmupSeconds;
        this.graceSeconds = graceSeconds;
        this.inFlight = inFlight;
        this.generator = generator;
        this.placement = placement;
    }

    @Override
    public String name() {
        return "group";
    }

    @Override
    public Report run(ScenarioContext ctx) throws Exception {
        int users = members * groups;
        Report report = ctx.newReport(name())
                .setup("generator", generator.description())
                .setup(generator == MessageGenerator.SDK ? "groups × members (all online, one engine each)"
                        : "groups × members (all online, one raw session each)", groups + " × " + members)
                .setup("senders per group", senders)
                .setup("offered rates (messages/s, all groups)", rates.stream()
                        .map(r -> String.format(Locale.ROOT, "%,d", r)).toList() + ", " + stepSeconds + " s each; "
                        + "each message is " + (members - 1) + " deliveries")
                .setup("warm-up", warmupSeconds + " s at the first rate (not reported)")
                .setup("grace period for the last deliveries", graceSeconds + " s")
                .setup("message", "RC:TxtMsg, persisted, ~60 bytes of content; id in `extra`")
                .setup("generators", "this JVM (senders and receivers share one nanoTime clock)");
        if (generator == MessageGenerator.RAW) {
            report.setup("client databases", "none (raw protocol clients keep no local state but the inbox cursor)");
        }
        PlacementPlan plan = PlacementPlan.group(placement, groups, members, ctx.node().members().size());
        List<String> tokens = ctx.fetchTokens(users);
        createGroups(ctx);
        ctx.liftSendRateLimit(report);
        long capacity = (long) warmupSeconds * rates.get(0) + rates.stream().mapToLong(r -> (long) r * stepSeconds).sum();
        int size = (int) Math.min(Integer.MAX_VALUE - 8, capacity + capacity / 20 + 100);
        int steps = rates.size() + (warmupSeconds > 0 ? 1 : 0);
        DeliveryTracker tracker = new DeliveryTracker(size, users, members - 1, steps);
        MessageLoadPhase.Outcome outcome;
        try (ClientPlacement placed = ClientPlacement.open(ctx, plan)) {
            outcome = MessageLoadPhase.run(ctx, report, "group", generator, tokens, inFlight, tracker,
                    // Unanswered sends are few here (a message is small work to ack); bound them anyway.
                    new MessageLoadPhase.Shape(members - 1, 10_000, 10_000), rates, stepSeconds, warmupSeconds,
                    graceSeconds, placed, (clients, id) -> {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        int group = rnd.nextInt(groups);
                        int sender = group * members + rnd.nextInt(senders);
                        placed.sentToGroup(sender, group * members, members);
                        clients.send(sender, ConversationType.GROUP, groupId(ctx, group), id);
                    });
        }
        addFigures(report, outcome.run(), outcome.steps(), tracker, outcome.graceWaited());
        return report;
    }

    private static String groupId(ScenarioContext ctx, int group) {
        return ctx.runScopedId("group-" + group);
    }

    private void createGroups(ScenarioContext ctx) {
        ServerApiClient api = ctx.serverApi();
        ctx.progress().printf("Creating %d group(s) of %,d members ...%n", groups, members);
        for (int g = 0; g < groups; g++) {
            for (int from = 0; from < members; from += USERS_PER_CALL) {
                List<String> pairs = new ArrayList<>(List.of("groupId", groupId(ctx, g), "groupName", "bench " + g));
                for (int m = from; m < Math.min(members, from + USERS_PER_CALL); m++) {
                    pairs.add("userId");
                    pairs.add(ctx.userId(g * members + m));
                }
                JsonNode answer = api.post("/group/create.json", pairs.toArray(String[]::new)).join();
                if (answer.path("code").asInt() != 200) {
                    throw new IllegalStateException("/group/create.json answered " + answer);
                }
            }
        }
    }

    private void addFigures(Report r, SteppedRun run, List<SteppedRun.Step> steps, DeliveryTracker t,
                            long graceWaited) {
        BenchMessages.addTotals(r, t, graceWaited);
        List<SteppedRun.Step> measured = steps.stream().filter(s -> !s.warmup()).toList();
        Optional<SteppedRun.Step> best = measured.stream()
                .filter(s -> t.missing(s.index()) == 0)
                .max((a, b) -> Double.compare(a.deliveredPerSecond(), b.deliveredPerSecond()));
        double bestRate = best.map(SteppedRun.Step::deliveredPerSecond).orElse(0.0);
        if (members == TARGET_MEMBERS) {
            r.figure("deliveries_per_second", "Highest deliveries/s in a step without loss", bestRate, "deliveries/s",
                    DELIVERIES_PER_SECOND);
        } else {
            r.figure("deliveries_per_second", "Highest deliveries/s in a step without loss (target is for "
                    + "1,000-member groups)", bestRate, "deliveries/s");
        }
        best.ifPresent(s -> {
            BenchMessages.addLatency(r, "delivery_latency", "Latency per delivery at " + s.label(),
                    LatencySummary.of(t.latencyMicros(s.index())));
            s.serverMicrosPerDelivery().ifPresent(us -> r.figure("server_us_per_delivery", "Server CPU per delivery at "
                    + s.label(), us, "µs"));
            ServiceFigures.addPerDelivery(r, "per_delivery_at_best", s.label(), s, "delivery");
        });
        r.table(run.table(generator == MessageGenerator.SDK
                ? "Steps (offered/sent: messages/s; latency: sendMessage call to each member's onReceived)"
                : "Steps (offered/sent: messages/s; latency: Send frame handed to the socket to Notify read on each "
                        + "member's session)", steps, "delivery"));
        ServiceFigures.addStepTable(r, steps, "delivery");
        if (!run.stoppedBecause().isEmpty()) {
            r.note(run.stoppedBecause());
        }
    }
}
