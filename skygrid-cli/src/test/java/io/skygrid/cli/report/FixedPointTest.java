package io.skygrid.cli.report;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link FixedPoint#format} gives exactly the text of {@code String.format(Locale.ROOT, "%.Nf", v)}. */
class FixedPointTest {
    private static void same(double v, int digits) {
        assertEquals(String.format(Locale.ROOT, "%." + digits + "f", v), FixedPoint.format(v, digits),
                () -> "v=" + v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + "), digits=" + digits);
    }

    @Test
    void specialValuesAndSigns() {
        double[] vs = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, -1e-300, 1e300,
                0.5, 1.5, 2.5, -0.5, -2.5, 0.05, 0.15, 0.25, 0.35, 1.005, 1.0005, 2.675, -2.675, 0.00049999, -0.0004,
                -0.0005, 0.0005, 9.9995, 9.99949999, 99999.99995, 1e15, 1e16 + 1, 1e17, 1e22, 1e23, 4.35, 0.1 + 0.2,
                123456789.123456789, 9007199254740993.0, 1e-5, 1e-4, 1e-3, 5e-5, 4.5e-5, 0.000125, 1e7, 1e8, 12345678.5};
        for (double v : vs) {
            for (int d = 0; d <= 10; d++) {
                same(v, d);
            }
        }
    }

    @Test
    void ties_atEveryScale() {
        // k + 0.5 at the last kept decimal: where HALF_UP, HALF_EVEN and exact-binary rounding disagree
        for (int d = 0; d <= 6; d++) {
            double scale = Math.pow(10, d);
            for (long k = -5_000; k <= 5_000; k++) {
                same((k + 0.5) / scale, d);
                same((k + 0.5) / scale, d + 1);
            }
        }
    }

    @Test
    void randomBitPatterns_andRandomMagnitudes() {
        SplittableRandom rnd = new SplittableRandom(20261208L);
        for (int i = 0; i < 50_000; i++) {
            double v = Double.longBitsToDouble(rnd.nextLong());
            same(v, rnd.nextInt(0, 9));
            // values of the magnitudes the outputs hold (fractions, GPU-hours, watts, seconds)
            double w = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(-8, 16));
            same(w, rnd.nextInt(0, 9));
            // ratios as the writers form them (busy / capacity, lost ms / 3.6e6)
            same(rnd.nextInt(0, 100_001) / (double) rnd.nextInt(1, 100_001), 4);
            same(rnd.nextLong(0, 1L << 40) / 3.6e6, 3);
        }
    }

    @Property(tries = 5_000)
    void anyDouble(@ForAll("doubles") double v, @ForAll @IntRange(min = 0, max = 12) int digits) {
        same(v, digits);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles().withSpecialValue(Double.NaN)
                        .withSpecialValue(Double.POSITIVE_INFINITY).withSpecialValue(-0.0),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.integers().between(-1_000_000, 1_000_000).map(k -> (k + 0.5) / 1000.0));
    }

    @Test
    void negativeDigits_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.format(1.0, -1));
    }
}
