package dev.parley.bench.jmh;

import dev.parley.bench.node.TempDirs;
import dev.parley.server.auth.AppAdmin;
import dev.parley.server.store.Database;
import dev.parley.server.store.Durability;
import dev.parley.server.store.MessageStore;
import dev.parley.server.store.RocksMessageStore;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.store.SqlMessageStore;
import dev.parley.server.store.StoredMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inbox append with group commit: what the node's single storage writer does for each batch
 * of sends — one transaction that stores every message of the batch once and appends an
 * inbox entry for each recipient (here a 1:1 message: the peer, plus the sender's own copy
 * for their other devices), then commits. Time is per message, for batches of 1, 32 and 512,
 * on the node's message store ({@code storeKind=rocksdb}, in a temporary directory) and on the
 * relational one ({@code storeKind=sqlite}: WAL, SQLite's own checkpoints), each at both
 * {@code durability} settings of the node: {@code fsync} (its default: every commit fsynced,
 * RocksDB's {@code WriteOptions.sync}, SQLite's {@code synchronous=FULL}) and {@code os}
 * (commits left to the operating system: {@code synchronous=NORMAL}). Select one with
 * {@code -p durability=os}.
 * Sequence numbers are counted here in memory, as the writer's
 * allocator does once warm; the message rows and the inbox grow during the run.
 *
 * <p>Uses the store's public methods ({@code MessageStore.write}: {@code insertIfNew}, {@code appendInbox}),
 * not {@code MessageWriter} itself: its queue is package-private, so
 * the writer's hand-off, ack futures and delivery are not in these figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InboxAppendBenchmark {
    private static final int USERS = 1000;
    private static final String CONTENT = "{\"content\":\"bench message\",\"extra\":\"123456\"}";

    @Param({"rocksdb", "sqlite"})
    public String storeKind;

    @Param({"fsync", "os"})
    public String durability;

    private Path dir;
    private Database db;
    private MessageStore store;
    private String appKey;
    private final long[] seqs = new long[USERS];
    private long next;

    @Setup(Level.Trial)
    public void setUp() {
        dir = TempDirs.create("parley-jmh-inbox");
        Durability mode = Durability.parse(durability);
        db = Database.openEmbedded(dir, false, mode);
        appKey = new AppAdmin(SecretsAtRest.open(db, dir, java.util.Map.of()), Clock.systemUTC(), () -> { }).create("jmh").appKey();
        store = storeKind.equals("sqlite") ? new SqlMessageStore(db) : RocksMessageStore.open(dir.resolve("messages"), mode);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        db.close();
        TempDirs.deleteQuietly(dir);
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public int batchOf1() {
        return append(1);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public int batchOf32() {
        return append(32);
    }

    @Benchmark
    @OperationsPerInvocation(512)
    public int batchOf512() {
        return append(512);
    }

    private int append(int batch) {
        return store.write(writes -> {
            int stored = 0;
            for (int i = 0; i < batch; i++) {
                stored += appendOne(writes);
            }
            return stored;
        });
    }

    private int appendOne(MessageStore.Writes c) {
        long n = next++;
        int from = (int) (n % USERS);
        int to = (int) ((n * 7919 + 1) % USERS);
        if (to == from) {
            to = (to + 1) % USERS;
        }
        String sender = "user-" + from;
        String peer = "user-" + to;
        long now = System.currentTimeMillis();
        String uid = "jmh-" + n;
        StoredMessage m = new StoredMessage(appKey, uid, sender, "c-" + n, 1, peer,
                sender.compareTo(peer) < 0 ? sender + ":" + peer : peer + ":" + sender, "RC:TxtMsg", CONTENT, null, 0,
                List.of(), now);
        if (!c.insertIfNew(m)) {
            return 0;
        }
        c.appendInbox(appKey, uid, now, List.of(peer, sender), new long[] {++seqs[to], ++seqs[from]});
        return 1;
    }
}
