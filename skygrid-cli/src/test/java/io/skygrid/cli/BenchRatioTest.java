package io.skygrid.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bench prints a ratio of nothing as '-' with the reason. */
class BenchRatioTest {
    @Test
    void zeroDenominatorPrintsDashAndReason() {
        assertThat(Bench.ratio(3, 0, "%.2fx", "no satellites")).isEqualTo("- (no satellites)");
        assertThat(Bench.ratio(3, Double.NaN, "%.2fx", "no satellites")).isEqualTo("- (no satellites)");
        assertThat(Bench.ratio(3, 2, "%.2fx", "no satellites")).isEqualTo("1.50x");
    }
}
