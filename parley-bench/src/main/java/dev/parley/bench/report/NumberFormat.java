package dev.parley.bench.report;

import java.util.Locale;

/** How figures read in Markdown: thousands grouped, fewer decimals the larger the number. */
final class NumberFormat {
    private NumberFormat() {
    }

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double abs = Math.abs(v);
        if (abs >= 100 || v == Math.rint(v) && abs < 1e15) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (abs >= 0.01) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
