package dev.parley.bench.scenario;

import dev.parley.bench.node.InProcessNode;
import dev.parley.bench.report.Figure;
import dev.parley.bench.report.Report;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What the scenario tests share: a quiet context on an in-process node, and reading a report's figures. */
final class ScenarioRuns {
    private ScenarioRuns() {
    }

    /** A context for small runs against {@code node}: one generator process, files under {@code dir}, no progress output. */
    static ScenarioContext quietContext(InProcessNode node, Path dir) {
        LoadSettings load = new LoadSettings(0, 0, List.of(), 10, 60, 8, dir.resolve("clients"));
        return new ScenarioContext(node, load, dir.resolve("work"), null, new PrintStream(OutputStream.nullOutputStream()));
    }

    static double figure(Report r, String key) {
        return r.figure(key).map(Figure::value).orElseThrow(() -> new AssertionError("no figure " + key));
    }
}
