package dev.parley.bench.cli;

import dev.parley.bench.scenario.LoadSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the generator side runs: source addresses, processes, timeouts. */
final class LoadOptions {
    @Option(names = "--source-addresses", paramLabel = "N", defaultValue = "0",
            description = "Spread client sockets over 127.0.0.2..127.0.0.(N+1) (loopback nodes only), so that many "
                    + "thousands of connections do not run out of ephemeral ports (default: OS's choice).")
    int sourceAddresses;

    @Option(names = "--generators", paramLabel = "N", defaultValue = "0",
            description = "Generator processes: 0 = as many as the open-file limit requires (each SDK engine holds 4 "
                    + "descriptors), 1 = engines in this JVM, N = N child JVMs (default: ${DEFAULT-VALUE}).")
    int generators;

    @Option(names = "--generator-jvm-opts", paramLabel = "OPTS", defaultValue = "-Xmx2g",
            description = "JVM options of child generator processes (default: ${DEFAULT-VALUE}).")
    String generatorJvmOpts;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "An engine not connected after this counts as failed (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "600",
            description = "Start no new connects after this long (default: ${DEFAULT-VALUE}).")
    int timeLimitSeconds;

    @Option(names = "--token-concurrency", paramLabel = "N", defaultValue = "32",
            description = "Server API requests in flight while fetching tokens (default: ${DEFAULT-VALUE}).")
    int tokenConcurrency;

    @Option(names = "--client-data-dir", paramLabel = "DIR",
            description = "Where the engines keep their local SQLite databases (default: a fresh directory in /dev/shm "
                    + "where it exists, else in the temporary directory; deleted afterwards). Thousands of simulated "
                    + "devices sharing one disk would make its fsyncs the bottleneck, which no real device has.")
    Path clientDataDir;

    /** The settings, with {@code clientDataDir} resolved to the directory the run will use. */
    LoadSettings settings(Path clientDir) {
        if (connectTimeoutSeconds < 1 || timeLimitSeconds < 1 || tokenConcurrency < 1) {
            throw new IllegalArgumentException("--connect-timeout, --time-limit and --token-concurrency must be positive");
        }
        return new LoadSettings(sourceAddresses, generators, TargetOptions.split(generatorJvmOpts),
                connectTimeoutSeconds, timeLimitSeconds, tokenConcurrency, clientDir);
    }
}
