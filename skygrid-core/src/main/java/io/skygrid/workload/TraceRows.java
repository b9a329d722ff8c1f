package io.skygrid.workload;

import io.skygrid.scenario.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shared machinery of the trace readers: strict header and field parsing with {@code file:line: field}
 * messages, and the accumulation of loaded rows in primitive arrays followed by the shift to a zero
 * origin, the {@code scale} expansion and the sort by (submitMs, id).
 *
 * <p>Files are decoded as strict UTF-8 line by line, so a byte sequence that is not UTF-8 is reported as
 * {@code file:line: is not UTF-8 text}. Text from the file is quoted in messages through {@link #quote},
 * which shortens it and escapes control characters. Durations, time offsets and the span of submit times
 * are limited to {@value #MAX_TEXT} each, which keeps the millisecond arithmetic far from overflow.
 *
 * <p>Rows are split on commas; quoted fields are not supported (neither supported trace uses them) and a
 * quote character is reported as an error rather than misread. Blank lines carry no data and are ignored
 * (the published {@code philly.csv} ends with one).
 */
final class TraceRows {
    /** Longest duration or time offset accepted from a trace, s (10 years of 365 days). */
    static final double MAX_SECONDS = 315_360_000.0;
    /** Same as {@link #MAX_SECONDS}, ms. */
    static final long MAX_MS = 315_360_000_000L;
    /** How {@link #MAX_SECONDS} reads in messages. */
    static final String MAX_TEXT = "315,360,000 s (10 years)";

    private final String fileName;
    private final String submitField;
    private final Map<String, String> tenants = new HashMap<>();
    private final Map<String, Integer> skipped = new LinkedHashMap<>();
    private long[] submitMs = new long[1024];
    private long[] durationMs = new long[1024];
    private int[] gpus = new int[1024];
    private int[] lines = new int[1024];
    private String[] tenantOf = new String[1024];
    private int size;

    /**
     * @param fileName    file name used in messages and job origins
     * @param submitField column holding the submission time (named when submit times span too long)
     */
    TraceRows(String fileName, String submitField) {
        this.fileName = fileName;
        this.submitField = submitField;
    }

    /** Consumer of one data row: its 1-based line number and its fields (already split and stripped). */
    interface RowHandler {
        void row(int line, String[] fields);
    }

    /**
     * Reads {@code file}, checks that the header is exactly {@code header}, and hands every non-blank data
     * row (split into exactly {@code header.length} fields) to {@code handler}.
     *
     * @throws InputException if the file cannot be read, the header differs, or a row has the wrong
     *                        number of columns or a quote character
     */
    static void forEachRow(Path file, String[] header, RowHandler handler) {
        String name = fileName(file);
        try (InputStream raw = Files.newInputStream(file)) {
            Utf8Lines in = new Utf8Lines(raw, name);
            String first = in.readLine();
            if (first != null && !first.isEmpty() && first.charAt(0) == '\uFEFF') {
                first = first.substring(1);
            }
            checkHeader(name, first, header);
            String[] fields = new String[header.length];
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                split(name, in.lineNo, line, header, fields);
                handler.row(in.lineNo, fields);
            }
        } catch (IOException e) {
            throw new InputException(name, 0, null, "cannot read " + file + ": " + InputException.describe(e));
        }
    }

    /**
     * Lines of a UTF-8 file, decoded one at a time from bytes so that a byte sequence that is not UTF-8
     * is reported at its line ({@code file:line: is not UTF-8 text}). Lines end at LF, CR LF or CR.
     */
    private static final class Utf8Lines {
        private final InputStream in;
        private final String name;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final byte[] chunk = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[256];
        private boolean skipLf;
        private boolean eof;
        /** 1-based number of the line last returned. */
        int lineNo;

        Utf8Lines(InputStream in, String name) {
            this.in = in;
            this.name = name;
        }

        /** @return the next line without its terminator, or null at the end of the file */
        String readLine() throws IOException {
            int len = 0;
            boolean ascii = true;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        if (len == 0) {
                            return null;
                        }
                        break;
                    }
                }
                byte b = chunk[pos++];
                if (skipLf) {
                    skipLf = false;
                    if (b == '\n') {
                        continue;
                    }
                }
                if (b == '\n') {
                    break;
                }
                if (b == '\r') {
                    skipLf = true;
                    break;
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, len * 2);
                }
                line[len++] = b;
                ascii &= b >= 0;
            }
            lineNo++;
            if (ascii) {
                return new String(line, 0, len, StandardCharsets.ISO_8859_1);
            }
            try {
                return decoder.decode(ByteBuffer.wrap(line, 0, len)).toString();
            } catch (CharacterCodingException e) {
                throw new InputException(name, lineNo, null, "is not UTF-8 text");
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(chunk, 0, chunk.length);
            if (n <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }
    }

    static String fileName(Path file) {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }

    private static void checkHeader(String name, String line, String[] expected) {
        String want = String.join(",", expected);
        if (line == null || line.isBlank()) {
            throw new InputException(name, 1, "header", "missing; expected exactly " + want);
        }
        String[] got = line.split(",", -1);
        for (int i = 0; i < got.length; i++) {
            got[i] = got[i].strip();
        }
        if (Arrays.equals(got, expected)) {
            return;
        }
        List<String> present = Arrays.asList(got);
        for (String column : expected) {
            if (!present.contains(column)) {
                throw new InputException(name, 1, "header",
                        "missing column '" + column + "'; expected exactly " + want + ", got '" + InputException.quote(line) + "'");
            }
        }
        throw new InputException(name, 1, "header", "must be exactly " + want + ", got '" + InputException.quote(line) + "'");
    }

    private static void split(String name, int lineNo, String line, String[] header, String[] out) {
        if (line.indexOf('"') >= 0) {
            throw new InputException(name, lineNo, null, "quoted fields are not supported, got '" + InputException.quote(line) + "'");
        }
        int n = 0;
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? line.length() : comma;
            if (n < out.length) {
                out[n] = line.substring(start, end).strip();
                if (hasControl(out[n])) {
                    // a NUL or escape in a text field would be copied raw into jobs.csv and the report
                    throw new InputException(name, lineNo, header[n], "must not contain control characters, got '"
                            + InputException.quote(out[n]) + "'");
                }
            }
            n++;
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        if (n != out.length) {
            throw new InputException(name, lineNo, null, "expected " + out.length + " columns ("
                    + String.join(",", header) + "), got " + n);
        }
    }

    /** @return true if {@code s} holds a C0 or C1 control character (tab included) */
    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses a non-negative decimal number (digits, optional fraction and exponent; no sign, no
     * {@code NaN}/{@code Infinity}/type suffix, which {@link Double#parseDouble} would otherwise accept).
     *
     * @return the value, or -1 if {@code s} is not such a number
     */
    static double nonNegativeNumber(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!(c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && i > 0
                    && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
                return -1;
            }
        }
        if (!digit) {
            return -1;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return {@code s} as an int, or {@code Integer.MIN_VALUE} if it is not a plain decimal integer */
    static int integer(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return Integer.MIN_VALUE;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && s.length() > 1)) {
                return Integer.MIN_VALUE;
            }
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE + 1L ? Integer.MIN_VALUE : (int) v;
    }

    /**
     * Checks that a duration or time offset, in seconds, is at most {@link #MAX_SECONDS}: beyond it the
     * millisecond arithmetic of the simulation could overflow, and no trace spans that long.
     *
     * @param text the field as written (quoted in the message)
     * @return {@code seconds}
     * @throws InputException {@code file:line: field must be <= 315,360,000 s (10 years), got <text>}
     */
    static double atMostTenYears(String name, int line, String field, double seconds, String text) {
        if (seconds > MAX_SECONDS) {
            throw new InputException(name, line, field, "must be <= " + MAX_TEXT + ", got " + InputException.quote(text));
        }
        return seconds;
    }

    /** Seconds to whole milliseconds, rounded half up. */
    static long secondsToMs(double seconds) {
        return Math.round(seconds * 1000.0);
    }

    /** Counts one row deliberately not turned into a job. */
    void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    /**
     * Records one loaded row.
     *
     * @param line         1-based line in the file
     * @param absSubmitMs  submission time on the trace's own clock, ms (shifted later)
     * @param durationMs   duration, ms, >= 1
     * @param gpus         GPUs, >= 1
     * @param tenant       tenant name (interned per reader)
     */
    void add(int line, long absSubmitMs, long durationMs, int gpus, String tenant) {
        if (size == lines.length) {
            int cap = size * 2;
            submitMs = Arrays.copyOf(submitMs, cap);
            this.durationMs = Arrays.copyOf(this.durationMs, cap);
            this.gpus = Arrays.copyOf(this.gpus, cap);
            lines = Arrays.copyOf(lines, cap);
            tenantOf = Arrays.copyOf(tenantOf, cap);
        }
        submitMs[size] = absSubmitMs;
        this.durationMs[size] = durationMs;
        this.gpus[size] = gpus;
        lines[size] = line;
        tenantOf[size] = tenants.computeIfAbsent(tenant, t -> t);
        size++;
    }

    /**
     * Builds the workload: submit times shifted so the earliest loaded row is at 0 ms; row {@code r}
     * (0-based, over loaded rows in file order) issued {@code scale} times as jobs with ids
     * {@code r * scale + k}, {@code k = 0..scale-1}, all at the row's submit time; origin
     * {@code file:line}, plus {@code #k} when {@code scale > 1}; jobs sorted by (submitMs, id).
     */
    Workload build(int scale, String source) {
        if ((long) size * scale > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(size + " rows x scale " + scale + " exceed the int job-id range");
        }
        long min = Long.MAX_VALUE;
        int first = -1;
        for (int i = 0; i < size; i++) {
            if (submitMs[i] < min) {
                min = submitMs[i];
                first = i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (submitMs[i] - min > MAX_MS) {
                throw new InputException(fileName, lines[i], submitField, String.format(Locale.ROOT,
                        "is %,.1f days after the earliest submission (line %d); submit times must lie within %s"
                                + " of the first", (submitMs[i] - min) / 86_400_000.0, lines[first], MAX_TEXT));
            }
        }
        // Sort row indices by (submit, row). Row index < 2^31, so pack (submit - min, row) when it fits,
        // which keeps the sort on primitives; fall back to a boxed stable sort otherwise.
        int[] order = new int[size];
        long maxRel = 0;
        for (int i = 0; i < size; i++) {
            maxRel = Math.max(maxRel, submitMs[i] - min);
        }
        int rowBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, size));
        if (maxRel < (1L << (63 - rowBits))) {
            long[] keys = new long[size];
            for (int i = 0; i < size; i++) {
                keys[i] = ((submitMs[i] - min) << rowBits) | i;
            }
            Arrays.sort(keys);
            long mask = (1L << rowBits) - 1;
            for (int i = 0; i < size; i++) {
                order[i] = (int) (keys[i] & mask);
            }
        } else {
            Integer[] boxed = new Integer[size];
            for (int i = 0; i < size; i++) {
                boxed[i] = i;
            }
            final long[] s = submitMs;
            Arrays.sort(boxed, (a, b) -> Long.compare(s[a], s[b])); // stable: ties keep row order
            for (int i = 0; i < size; i++) {
                order[i] = boxed[i];
            }
        }
        List<Job> jobs = new ArrayList<>(size * scale);
        String prefix = fileName + ":";
        for (int r : order) {
            long submit = submitMs[r] - min;
            String origin = prefix + lines[r];
            for (int k = 0; k < scale; k++) {
                jobs.add(new Job(r * scale + k, tenantOf[r], gpus[r], submit, durationMs[r],
                        scale == 1 ? origin : origin + "#" + k));
            }
        }
        return new Workload(jobs, skipped, source);
    }

    int size() {
        return size;
    }
}
