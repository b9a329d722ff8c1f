package io.skygrid.cli.report;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {
    @Property(tries = 2000)
    void secondsMatchPrintfFormatting(@ForAll @LongRange(min = -10_000_000_000L, max = 10_000_000_000_000L) long ms) {
        assertThat(ReportWriter.sec(ms)).isEqualTo(String.format(Locale.ROOT, "%.3f", ms / 1000.0));
    }
}
