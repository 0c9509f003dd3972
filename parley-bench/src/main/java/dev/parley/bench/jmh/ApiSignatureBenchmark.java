package dev.parley.bench.jmh;

import dev.parley.server.auth.ApiSignature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@link ApiSignature#matches}: the check every Server API request pays (SHA-1 + constant-time compare). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApiSignatureBenchmark {
    // SPEC §6's test vector. Not final: the JIT could fold final fields into constants.
    private String secret = "Y1W2MeFwwwRxa0";
    private String nonce = "14314";
    private String timestamp = "1408710653000";
    private String signature = "30be0bbca9c9b2e27578701e9fda2358a814c88f";

    @Benchmark
    public boolean matches() {
        return ApiSignature.matches(secret, nonce, timestamp, signature);
    }
}
