package dev.parley.bench.scenario;

import dev.parley.bench.report.Report;

/**
 * One load scenario: bounded in count and time, it runs against the context's node and
 * stops by itself, then states what it measured in a {@link Report}. {@code connect} and
 * {@code idle} exist; {@code p2p}, {@code group} and {@code sync} will join them once the
 * server and SDK carry messages.
 */
public interface Scenario {
    /** The name used on the command line and in reports. */
    String name();

    /** Runs to completion; any connections it opened are closed when it returns. */
    Report run(ScenarioContext context) throws Exception;
}
