package io.skygrid.cli.report;

import org.apache.commons.csv.CSVFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes CSV records field by field into one reused row buffer: the same bytes as
 * {@link org.apache.commons.csv.CSVPrinter#printRecord(Object...)} with the same {@link CSVFormat}, at a fraction
 * of its cost on large files (no per-record lock, stream or boxing). Text fields go through
 * {@link CSVFormat#print(Object, Appendable, boolean)} (commons-csv's own quoting), and the quoted form of each
 * distinct text is kept, since the columns repeat few values (pools, tenants, fates); numbers are appended as their
 * plain text, which that format never quotes (no delimiter, quote, line break, leading character at or below
 * {@code '#'} or trailing blank). Not thread-safe; {@link #close()} writes what is gathered and does not close
 * the stream.
 */
final class CsvRows implements AutoCloseable {
    /** Distinct texts whose quoted form is kept (the first met); later ones, e.g. one per job, are quoted every time. */
    static final int MAX_CACHED = 4_096;

    private final OutputStream out;
    private final CSVFormat format;
    private final String separator;
    private final StringBuilder row = new StringBuilder(BLOCK + 1024);
    private final StringBuilder scratch = new StringBuilder(64);
    private final Map<String, String> quoted = new HashMap<>();
    private boolean first = true;

    /**
     * @param out where the records go, as UTF-8, in blocks (no further buffer needed)
     * @param format a format whose record separator and delimiter are what the file uses
     */
    CsvRows(OutputStream out, CSVFormat format) {
        if (format.getTrailingDelimiter() || format.getCommentMarker() != null || format.getHeader() != null) {
            throw new IllegalArgumentException("CsvRows writes plain records only (no trailing delimiter, comments "
                    + "or header of the format)");
        }
        this.out = out;
        this.format = format;
        this.separator = format.getRecordSeparator();
    }

    private void delimiter() {
        if (first) {
            first = false;
        } else {
            row.append(format.getDelimiterString());
        }
    }

    /** Adds a text field (null as the format's null text), quoted as commons-csv quotes it. */
    CsvRows text(String s) {
        // CSVFormat.print writes the delimiter itself before a field that is not the record's first
        if (first || s == null) {
            // the first field of a record may be quoted differently (an empty one is) and is rare: no cache
            boolean newRecord = first;
            first = false;
            scratch.setLength(0);
            print(s, scratch, newRecord);
            row.append(scratch);
            return this;
        }
        String q = quoted.get(s);
        if (q == null) {
            scratch.setLength(0);
            print(s, scratch, false);
            q = scratch.toString();
            if (quoted.size() < MAX_CACHED) {
                quoted.put(s, q);
            }
        }
        row.append(q);
        return this;
    }

    private void print(String s, StringBuilder to, boolean newRecord) {
        try {
            format.print(s, to, newRecord);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
    }

    /** Adds a whole number. */
    CsvRows number(long v) {
        delimiter();
        row.append(v);
        return this;
    }

    /** Adds milliseconds as seconds with three decimals (as {@code %.3f} of {@code ms / 1000}). */
    CsvRows seconds(long ms) {
        delimiter();
        long abs = Math.abs(ms);
        long frac = abs % 1000;
        if (ms < 0) {
            row.append('-');
        }
        row.append(abs / 1000).append('.');
        if (frac < 100) row.append('0');
        if (frac < 10) row.append('0');
        row.append(frac);
        return this;
    }

    /** Adds {@code v} with {@code digits} decimals (as {@code %.<digits>f}, see {@link FixedPoint}). */
    CsvRows fixed(double v, int digits) {
        delimiter();
        row.append(FixedPoint.format(v, digits));
        return this;
    }

    /** Adds an empty field. */
    CsvRows empty() {
        if (first) {
            return text("");
        }
        delimiter();
        return this;
    }

    /** Ends the record (the record separator); records go to the writer in blocks of about {@value #BLOCK} chars. */
    void end() throws IOException {
        row.append(separator);
        first = true;
        if (row.length() >= BLOCK) {
            flushRows();
        }
    }

    /** Characters gathered before they are handed to the writer. */
    static final int BLOCK = 1 << 16;

    private void flushRows() throws IOException {
        out.write(row.toString().getBytes(StandardCharsets.UTF_8));
        row.setLength(0);
    }

    /** Writes a header record of text fields. */
    void header(String... names) throws IOException {
        for (String n : names) {
            text(n);
        }
        end();
    }

    @Override
    public void close() throws IOException {
        if (!first) {
            throw new IllegalStateException("a record was begun and not ended");
        }
        flushRows();
        out.flush();
    }
}
