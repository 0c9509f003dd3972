package dev.parley.bench.report;

/** A goal a figure is held against, e.g. "at least 4,000 connects/s" or "p99 below 100 ms". */
public record Target(Comparison comparison, double threshold) {

    /** How a figure must compare with the threshold to meet the target. */
    public enum Comparison {
        AT_LEAST("≥"), AT_MOST("≤"), BELOW("<");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static Target atLeast(double threshold) {
        return new Target(Comparison.AT_LEAST, threshold);
    }

    public static Target atMost(double threshold) {
        return new Target(Comparison.AT_MOST, threshold);
    }

    public static Target below(double threshold) {
        return new Target(Comparison.BELOW, threshold);
    }

    public boolean metBy(double value) {
        return switch (comparison) {
            case AT_LEAST -> value >= threshold;
            case AT_MOST -> value <= threshold;
            case BELOW -> value < threshold;
        };
    }
}
