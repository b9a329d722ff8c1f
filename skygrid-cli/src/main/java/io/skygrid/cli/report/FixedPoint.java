package io.skygrid.cli.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-point text of a {@code double}, the same characters as {@code String.format(Locale.ROOT, "%.<digits>f", v)}
 * without the formatter's per-call cost (parsing the pattern, locale look-ups, a {@code Formatter} per value).
 *
 * <p>How {@code %.Nf} works in JDK 17 and what this copies: the value's shortest decimal digits (those of
 * {@link Double#toString(double)}) are rounded HALF_UP to {@code N} decimals, so {@code 0.125} at two decimals is
 * {@code 0.13} and {@code 1.005} (whose shortest digits are 1005) is {@code 1.01}; a negative value, {@code -0.0}
 * included, keeps its minus sign even when it rounds to zero ({@code -0.000}); NaN and the infinities read
 * {@code NaN}, {@code Infinity}, {@code -Infinity}. The digits are the plain decimal ones of {@code Locale.ROOT}
 * (no grouping). Checked against {@code String.format} by {@code FixedPointTest} over many doubles.
 */
public final class FixedPoint {
    /** Largest number of decimals served from the zero cache. */
    private static final int CACHED = 8;
    private static final String[] ZEROS = new String[CACHED + 1];

    static {
        for (int d = 0; d <= CACHED; d++) {
            ZEROS[d] = d == 0 ? "0" : "0." + "0".repeat(d);
        }
    }

    private FixedPoint() {
    }

    /**
     * @param v any double
     * @param digits decimals, >= 0
     * @return {@code v} with exactly {@code digits} decimals, as {@code String.format(Locale.ROOT, "%.<digits>f", v)}
     * @throws IllegalArgumentException if {@code digits} is negative
     */
    public static String format(double v, int digits) {
        if (digits < 0) {
            throw new IllegalArgumentException("digits must be >= 0, got " + digits);
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        boolean negative = Double.compare(v, 0.0) < 0;   // true for -0.0 too, as in Formatter
        double abs = Math.abs(v);
        if (abs == 0 && digits <= CACHED) {
            return negative ? "-" + ZEROS[digits] : ZEROS[digits];
        }
        // the shortest digits of the value (Double.toString), rounded half-up: what FormattedFloatingDecimal does
        String text = new BigDecimal(Double.toString(abs)).setScale(digits, RoundingMode.HALF_UP).toPlainString();
        return negative ? "-" + text : text;
    }
}
