package dev.parley.bench.cli;

import dev.parley.bench.scenario.Placement;
import java.util.Locale;
import picocli.CommandLine;

/** {@code --placement spread|same|cross}, in any case; and whether the target can honour it. */
final class PlacementConverter implements CommandLine.ITypeConverter<Placement> {
    @Override
    public Placement convert(String value) {
        try {
            return Placement.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("--placement must be spread, same or cross, not '" + value
                    + "'");
        }
    }

    /**
     * Cross-node placement needs nodes to cross: a cluster the bench starts. (Spread and same
     * mean the same thing on one node: every client on it.)
     *
     * @throws IllegalArgumentException for {@code cross} without {@code --cluster-nodes 2} or more
     */
    static void check(Placement placement, TargetOptions target) {
        if (placement == Placement.CROSS && target.nodeCount() < 2) {
            throw new IllegalArgumentException("--placement cross needs a cluster: add --server-process "
                    + "--cluster-nodes 2 (or more)");
        }
    }
}
