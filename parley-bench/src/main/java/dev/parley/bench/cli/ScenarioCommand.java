package dev.parley.bench.cli;

import dev.parley.bench.scenario.Scenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A load scenario command: the target, load and output options every scenario takes, and the run. */
abstract class ScenarioCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    LoadOptions load = new LoadOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    /** The scenario built from this command's own options. */
    abstract Scenario scenario();

    @Override
    public Integer call() throws Exception {
        return ScenarioRunner.run(scenario(), target, load, output, System.out, System.err);
    }
}
