package dev.parley.bench.jmh;

import dev.parley.bench.node.TempDirs;
import dev.parley.server.auth.App;
import dev.parley.server.auth.AppAdmin;
import dev.parley.server.auth.AppRegistry;
import dev.parley.server.auth.Restrictions;
import dev.parley.server.auth.TokenService;
import dev.parley.server.store.AppRepository;
import dev.parley.server.store.Database;
import dev.parley.server.store.SecretsAtRest;
import dev.parley.server.store.UserRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TokenService#verify}: the per-connect token check (parse, HMAC-SHA256, expiry,
 * revocation cache lookup). Built on a real SQLite store in a temporary directory, as the
 * node builds it; the store is not read while verifying.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenVerifyBenchmark {
    private Path dir;
    private Database db;
    private TokenService tokens;
    private App app;
    private String token;

    @Setup(Level.Trial)
    public void setUp() {
        dir = TempDirs.create("parley-jmh-token");
        db = Database.openEmbedded(dir);
        Clock clock = Clock.systemUTC();
        AppRepository repository = SecretsAtRest.open(db, dir, java.util.Map.of());
        AppRegistry apps = new AppRegistry(repository);
        AppAdmin admin = new AppAdmin(repository, clock, apps::reload);
        app = apps.find(admin.create("jmh").appKey()).orElseThrow();
        tokens = new TokenService(new Restrictions(new UserRepository(db), clock), clock);
        token = tokens.issue(app, "user-1048576");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        TempDirs.deleteQuietly(dir);
    }

    @Benchmark
    public TokenService.Verification verify() {
        return tokens.verify(app, token);
    }
}
