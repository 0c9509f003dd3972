package dev.parley.bench.report;

import java.util.Optional;

/**
 * One measured number of a run.
 *
 * @param key    stable machine-readable name, e.g. {@code connects_per_second}
 * @param label  what a reader sees, e.g. "Connects per second"
 * @param unit   e.g. "connects/s", "ms", "KiB"; empty for a plain count
 * @param target the goal it is held against, if any
 */
public record Figure(String key, String label, double value, String unit, Optional<Target> target) {

    public Figure {
        target = target == null ? Optional.empty() : target;
    }

    /** Whether the target is met; empty if the figure has none. */
    public Optional<Boolean> met() {
        return target.map(t -> t.metBy(value));
    }
}
