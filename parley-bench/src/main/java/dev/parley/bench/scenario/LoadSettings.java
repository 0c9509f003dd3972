package dev.parley.bench.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * How the generator side of any scenario is set up.
 *
 * @param sourceAddresses       spread client sockets over this many loopback addresses (0 = OS's choice)
 * @param generators            0 = as many processes as the fd limit requires; 1 = in the bench's JVM; N = N children
 * @param childJvmOptions       JVM options of child generator processes
 * @param connectTimeoutSeconds an engine not connected after this counts as failed (34006)
 * @param timeLimitSeconds      no new connects start after this long
 * @param tokenConcurrency      Server API requests in flight while fetching tokens
 * @param clientDataDir         where the engines keep their local databases
 */
public record LoadSettings(int sourceAddresses, int generators, List<String> childJvmOptions,
                           int connectTimeoutSeconds, int timeLimitSeconds, int tokenConcurrency, Path clientDataDir) {
    public LoadSettings {
        childJvmOptions = List.copyOf(childJvmOptions);
    }
}
