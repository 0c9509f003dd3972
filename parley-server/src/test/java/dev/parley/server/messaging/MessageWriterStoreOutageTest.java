package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.server.gateway.SessionRegistry;
import dev.parley.server.store.Database;
import dev.parley.server.store.InboxRow;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoreUnavailableException;
import dev.parley.server.store.StoredMessage;
import dev.parley.server.support.ClusterServices;
import dev.parley.server.support.TcpProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Why: in cluster mode the messages live in a PostgreSQL across the network. When it cannot be
 * reached, a send must fail within seconds (never hang, never be acknowledged unstored), and the
 * node must store sends again by itself once the database is back, numbering on without a gap.
 * The writer reaches PostgreSQL through a {@link TcpProxy}, which cuts the database off: open
 * connections dropped, new ones never answered.
 */
class MessageWriterStoreOutageTest {
    private static final String APP = "app";
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+):(\\d+)/");
    /** A send fails within this, the pool's 3 s wait for a connection included. */
    private static final long FAIL_WITHIN_MILLIS = 6_000;

    private ClusterServices.PostgresDatabase postgres;
    private TcpProxy proxy;
    private final AtomicInteger target = new AtomicInteger();
    private int postgresPort;
    private Database db;
    private Delivery delivery;
    private MessageWriter writer;
    private SqlMessageStore store;
    private final Logger writerLog = (Logger) LoggerFactory.getLogger(MessageWriter.class);
    private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();

    @BeforeEach
    void startANodeWhoseDatabaseIsBehindAProxy() throws IOException {
        postgres = ClusterServices.freshDatabase();
        Matcher m = HOST_PORT.matcher(postgres.jdbcUrl());
        assertThat(m.find()).isTrue();
        postgresPort = Integer.parseInt(m.group(2));
        target.set(postgresPort);
        proxy = new TcpProxy(target::get);
        db = Database.openPostgres(m.replaceFirst("//" + proxy.address() + "/"), postgres.user(), null);
        store = new SqlMessageStore(db);
        delivery = new Delivery(new SessionRegistry());
        writer = new MessageWriter(store, delivery, InboxHeads.disabled(), new SimpleMeterRegistry(),
                Duration.ofMillis(1), () -> { }, SeqMode.SHARED);
        logLines.start();
        writerLog.addAppender(logLines);
    }

    @AfterEach
    void stop() throws IOException {
        writerLog.detachAppender(logLines);
        target.set(postgresPort);
        writer.close();
        delivery.close();
        db.close();
        proxy.close();
        postgres.close();
    }

    /** What became of one send: its uid if stored, else how long it took to fail and why. */
    private record Outcome(Send send, String uid, long millis, Throwable failure) {
    }

    private record Send(String clientMsgId) {
        SendCommand command(CompletableFuture<SendCommand.Stored> done) {
            long now = System.currentTimeMillis();
            StoredMessage m = new StoredMessage(APP, MessageUids.random(now), "alice", clientMsgId, 1, "bob",
                    "p:alice:bob", "RC:TxtMsg", "{}", null, 0, List.of(), now);
            return new SendCommand(m, List.of("bob", "alice"), null, null, done);
        }
    }

    private Outcome send(Send send) {
        long start = System.nanoTime();
        CompletableFuture<SendCommand.Stored> done = new CompletableFuture<>();
        assertThat(writer.submit(send.command(done))).isTrue();
        try {
            SendCommand.Stored stored = done.get(60, TimeUnit.SECONDS);
            return new Outcome(send, stored.message().messageUid(), elapsedMillis(start), null);
        } catch (ExecutionException e) {
            return new Outcome(send, null, elapsedMillis(start), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("send " + send + " neither stored nor failed", e);
        }
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void sendsFailWithinSecondsWhileTheDatabaseIsCutOffAndAreStoredAgainOnceItIsBackWithoutAGap()
            throws Exception {
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread client = new Thread(() -> {
            for (int k = 1; sending.get(); k++) {
                outcomes.add(send(new Send("c-" + k)));
            }
        }, "streaming-client");
        client.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(outcomes) >= 20);

            int deadPort = closedPort();
            target.set(deadPort);
            proxy.dropExisting();
            await().atMost(Duration.ofSeconds(60)).until(() -> failed(outcomes).size() >= 3);

            target.set(postgresPort);
            int before = outcomes.size();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> outcomes.subList(before, outcomes.size()).stream().filter(o -> o.uid() != null)
                            .count() >= 20);
        } finally {
            sending.set(false);
            client.join(70_000);
        }

        List<Outcome> failed = failed(outcomes);
        assertThat(failed).isNotEmpty().allSatisfy(o -> {
            assertThat(o.failure()).isInstanceOf(StoreUnavailableException.class);
            assertThat(o.millis()).as("%s failed after", o.send()).isLessThan(FAIL_WITHIN_MILLIS);
        });
        // Every acknowledged send is stored, and the inboxes number on across the outage.
        Set<String> acknowledged = new HashSet<>();
        for (Outcome o : outcomes) {
            if (o.uid() != null) {
                assertThat(store.find(APP, o.uid())).as("acknowledged %s", o.send()).isPresent();
                acknowledged.add(o.uid());
            }
        }
        assertInboxIsOneToN("bob");
        assertInboxIsOneToN("alice");
        // The client sends again what failed: each stored once, acknowledged or not before.
        for (Outcome o : failed) {
            Outcome again = send(o.send());
            assertThat(again.uid()).as("%s sent again", o.send()).isNotNull();
            acknowledged.add(again.uid());
        }
        List<InboxRow> bob = assertInboxIsOneToN("bob");
        assertThat(bob).extracting(r -> r.message().messageUid()).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(bob).extracting(r -> r.message().clientMsgId()).doesNotHaveDuplicates().hasSize(outcomes.size());

        // One line when the database went away, one when it came back: not one per failed batch.
        assertThat(logLines.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .startsWith("storage unreachable");
        assertThat(logLines.list).filteredOn(e -> e.getLevel() == Level.INFO)
                .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .startsWith("storage reachable again");
    }

    private List<InboxRow> assertInboxIsOneToN(String user) {
        List<InboxRow> inbox = store.readInbox(APP, user, 0, Integer.MAX_VALUE);
        assertThat(inbox).extracting(InboxRow::seq).as("%s's seqs", user)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, inbox.size()).boxed().toList());
        return inbox;
    }

    private static long stored(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.uid() != null).count();
    }

    private static List<Outcome> failed(List<Outcome> outcomes) {
        return new ArrayList<>(outcomes.stream().filter(o -> o.uid() == null).toList());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
