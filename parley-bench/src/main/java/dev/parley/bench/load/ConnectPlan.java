package dev.parley.bench.load;

import java.util.List;

/**
 * What one generator does: connect an engine per token to the node, at most {@code inFlight}
 * at a time, and keep the connections until told to close. Serialised to JSON for generators
 * running as child processes.
 *
 * @param firstIndex            global index of {@code tokens[0]}, so device ids and source
 *                              addresses stay distinct across generators
 * @param connectTimeoutSeconds passed to {@code ImEngine.connect}: an engine not connected by
 *                              then reports 34006
 * @param sourceAddresses       see {@link SourceAddresses}
 * @param clientDataDir         where the engines keep their local databases
 * @param timeLimitMillis       stop starting new connects after this long
 */
public record ConnectPlan(String naviUrl, String appKey, List<String> tokens, int firstIndex, int inFlight,
                          int connectTimeoutSeconds, int sourceAddresses, String clientDataDir, long timeLimitMillis) {

    public ConnectPlan {
        tokens = List.copyOf(tokens);
        if (inFlight < 1) {
            throw new IllegalArgumentException("in-flight must be at least 1");
        }
    }

    /** The part of this plan for tokens {@code from} (inclusive) to {@code to} (exclusive), with {@code inFlight}. */
    public ConnectPlan slice(int from, int to, int sliceInFlight) {
        return new ConnectPlan(naviUrl, appKey, tokens.subList(from, to), firstIndex + from, sliceInFlight,
                connectTimeoutSeconds, sourceAddresses, clientDataDir, timeLimitMillis);
    }
}
