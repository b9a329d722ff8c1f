package io.skygrid.cli.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CsvRows} writes the bytes {@link CSVPrinter#printRecord} writes with the same format. */
class CsvRowsTest {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
    /** Texts commons-csv quotes (delimiter, quote, line breaks, leading '#' or blank, trailing blank, empty first). */
    private static final String[] TEXTS = {"", "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "#hash", " lead",
            "trail ", "tab\t", "!bang", "\"", ",", "ünïcode", "日本", "philly.csv:31568", "needs 16 GPUs > 8 free",
            "-neg", "0.000", "a\"b,c\nd", null};

    @Test
    void sameBytesAsCsvPrinter_overRandomRecords() throws IOException {
        SplittableRandom rnd = new SplittableRandom(17);
        StringWriter expected = new StringWriter();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        try (CSVPrinter printer = new CSVPrinter(expected, FORMAT); CsvRows rows = new CsvRows(actual, FORMAT)) {
            printer.printRecord("id", "name", "x");
            rows.header("id", "name", "x");
            // enough records to cross the block size several times
            for (int r = 0; r < 20_000; r++) {
                int fields = rnd.nextInt(1, 9);
                List<Object> values = new ArrayList<>();
                for (int f = 0; f < fields; f++) {
                    switch (rnd.nextInt(5)) {
                        case 0 -> {
                            String t = TEXTS[rnd.nextInt(TEXTS.length)];
                            values.add(t);
                            rows.text(t);
                        }
                        case 1 -> {
                            long v = rnd.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
                            values.add(v);
                            rows.number(v);
                        }
                        case 2 -> {
                            long ms = rnd.nextLong(-10_000_000L, 10_000_000_000L);
                            values.add(ReportWriter.sec(ms));
                            rows.seconds(ms);
                        }
                        case 3 -> {
                            double v = (rnd.nextDouble() - 0.3) * Math.pow(10, rnd.nextInt(-6, 9));
                            int d = rnd.nextInt(0, 6);
                            values.add(String.format(Locale.ROOT, "%." + d + "f", v));
                            rows.fixed(v, d);
                        }
                        default -> {
                            values.add("");
                            rows.empty();
                        }
                    }
                }
                printer.printRecord(values);
                rows.end();
            }
        }
        assertThat(actual.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void emptyOrNullFirstField_isQuotedAsCsvPrinterDoes() throws IOException {
        StringWriter expected = new StringWriter();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        try (CSVPrinter printer = new CSVPrinter(expected, FORMAT); CsvRows rows = new CsvRows(actual, FORMAT)) {
            printer.printRecord("", "x");
            rows.empty().text("x").end();
            printer.printRecord((Object) null);
            rows.text(null).end();
            printer.printRecord("", "");
            rows.text("").empty().end();
        }
        assertThat(actual.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString()).startsWith("\"\",x\n");
    }

    @Test
    void recordBegunAndNotEnded_isAnError() {
        CsvRows rows = new CsvRows(new ByteArrayOutputStream(), FORMAT);
        rows.number(1);
        assertThatThrownBy(rows::close).isInstanceOf(IllegalStateException.class);
    }
}
