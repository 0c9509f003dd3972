package dev.parley.bench.cli;

import dev.parley.bench.node.Node;
import dev.parley.bench.node.TempDirs;
import dev.parley.bench.report.JsonReportWriter;
import dev.parley.bench.report.MarkdownReportWriter;
import dev.parley.bench.report.Report;
import dev.parley.bench.scenario.Scenario;
import dev.parley.bench.scenario.ScenarioContext;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs one scenario the same way for every command: scratch directory, node, scenario,
 * report (Markdown on stdout, JSON on request), and cleanup whatever happens.
 */
final class ScenarioRunner {
    private ScenarioRunner() {
    }

    static int run(Scenario scenario, TargetOptions target, LoadOptions load, OutputOptions output, PrintStream out,
                   PrintStream progress) throws Exception {
        target.validate();
        Path workDir = TempDirs.create("parley-bench-" + scenario.name() + "-");
        Path clientDir = load.clientDataDir != null ? load.clientDataDir : ClientDataDir.fresh();
        try (Node node = target.open(workDir, progress)) {
            progress.printf("Node: %s%n", node.mode());
            Report report = scenario.run(new ScenarioContext(node, load.settings(clientDir), workDir, output.serverJfr, progress));
            out.println(MarkdownReportWriter.write(report));
            if (output.json != null) {
                JsonReportWriter.writeTo(output.json, report);
                progress.printf("JSON report written to %s%n", output.json.toAbsolutePath());
            }
            return 0;
        } finally {
            if (target.keepData) {
                progress.printf("Run directory kept: %s%n", workDir);
            } else {
                TempDirs.deleteQuietly(workDir);
            }
            if (load.clientDataDir == null) {
                TempDirs.deleteQuietly(clientDir);
            }
        }
    }
}
