package io.quarkiverse.knitting.benchmarks.report;

import java.util.Locale;

/** How the report prints numbers: three significant digits or so, "-" for a missing value. */
final class Numbers {

    private Numbers() {
    }

    static String fmt(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** {@code a / b} as "12.3x", or "-" when either is missing. */
    static String ratio(double a, double b) {
        return fmt(a / b) + (Double.isNaN(a / b) || Double.isInfinite(a / b) ? "" : "x");
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f %%", value);
    }
}
