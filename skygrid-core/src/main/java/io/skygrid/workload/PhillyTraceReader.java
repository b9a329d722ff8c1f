package io.skygrid.workload;

import io.skygrid.scenario.InputException;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Reads the Microsoft Philly GPU-cluster trace in the form published by the Pollux/AdaptDL authors
 * ({@code github.com/petuum/adaptdl simulator/traces/philly.csv}; trace described in Jeon et al.,
 * "Analysis of Large-Scale Multi-Tenant GPU Clusters for DNN Training Workloads", USENIX ATC'19).
 *
 * <p>Format: header exactly {@code timestamp,duration,num_gpus,gpu_time,cluster}, one job per row,
 * rows not sorted, no job id. Rules:
 * <ul>
 *   <li><b>Ids</b> come from row order: loaded row {@code r} (0-based, counting only rows that became
 *       jobs, in file order) with {@code scale = N} yields jobs {@code r*N + k}, {@code k = 0..N-1}. Ids are
 *       therefore dense, {@code 0..rows*N-1}, and equal the row index when {@code N = 1}.</li>
 *   <li><b>Origin</b> is {@code philly.csv:<line>} (1-based line in the file, header = line 1); with
 *       {@code N > 1} the 0-based copy index is appended: {@code philly.csv:124#0} .. {@code #N-1}.</li>
 *   <li><b>Duplicates</b> (the published file has 65 rows identical to an earlier row) are kept as
 *       distinct jobs: the trace has no job id and a second-resolution timestamp, so identical rows are
 *       what several identical submissions in the same second (typical of scripted hyper-parameter
 *       sweeps) look like; dropping them would remove real demand.</li>
 *   <li><b>Submit time</b> = timestamp - earliest timestamp among loaded rows, in ms, so the first
 *       submission is at 0 ms. Timestamps are local wall-clock time of an unstated zone; they are read as
 *       a UTC-like wall clock ({@link java.time.LocalDateTime} at offset 0). Only differences matter, but
 *       a daylight-saving change inside the trace (Sep-Dec 2017 spans the US change of 5 Nov 2017) can
 *       shift later submissions by up to 1 h relative to earlier ones; this cannot be corrected without
 *       the zone and is accepted.</li>
 *   <li><b>Duration</b>: seconds (decimal allowed), rounded to the nearest ms. A duration that rounds to
 *       0 ms is not a job (it needs no GPU time and would only inflate job counts): the row is skipped and
 *       counted in {@link Workload#skipped()} under {@value #ZERO_DURATION}. The published file has none
 *       (its shortest duration is 1 s).</li>
 *   <li><b>Tenant</b> = {@code cluster} (the virtual cluster; 15 in the published file).</li>
 *   <li>{@code gpu_time} is checked to be a number &gt;= 0 but not used: it equals
 *       {@code duration x num_gpus} in every row of the published file.</li>
 *   <li><b>Errors</b>: a header that differs, a row with the wrong number of columns, a malformed
 *       timestamp, a non-numeric or negative duration, a duration above 315,360,000 s (10 years), a
 *       timestamp more than 10 years after the earliest one, a line that is not UTF-8, {@code num_gpus}
 *       not an integer &gt;= 1, or an empty cluster throws {@link InputException} {@code philly.csv:<line>: <field> <message>}; no row is
 *       dropped silently. Blank lines carry no data and are ignored.</li>
 *   <li><b>Scale</b> {@code N >= 1} issues every job N times at the same submit time, the method Sia
 *       uses to raise the load of the Philly trace (Jayaram Subramanya et al., "Sia: Heterogeneity-aware,
 *       goodput-optimized ML-cluster scheduling", SOSP'23).</li>
 * </ul>
 * Jobs are returned sorted by (submitMs, id). Rows are held in primitive arrays and sorted as packed
 * {@code long} keys; the only per-job objects are the {@link Job} and its origin string. Measured on the
 * development machine in a fresh JVM: 0.2-0.6 s for the 82,247-row file, 0.7-0.9 s at scale 10
 * (822,470 jobs).
 */
public final class PhillyTraceReader {
    /** Columns of the header, in order. */
    static final String[] HEADER = {"timestamp", "duration", "num_gpus", "gpu_time", "cluster"};
    /** Key in {@link Workload#skipped()} for rows whose duration rounds to 0 ms. */
    public static final String ZERO_DURATION = "zero duration";

    private PhillyTraceReader() {
    }

    /**
     * Reads a Philly trace.
     *
     * @param file  path of the CSV file (error messages name its file name only)
     * @param scale each job is issued this many times at the same submit time, &gt;= 1
     * @return the jobs, sorted by (submitMs, id), submitMs in ms since the first submission (the
     *         scenario epoch), durationMs in ms; {@code source} is the path (with the scale if &gt; 1)
     * @throws InputException           if the file cannot be read or is malformed (message
     *                                  {@code file:line: field message})
     * @throws IllegalArgumentException if {@code scale < 1}
     */
    public static Workload read(Path file, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        String name = TraceRows.fileName(file);
        TraceRows rows = new TraceRows(name, "timestamp");
        TraceRows.forEachRow(file, HEADER, (line, f) -> {
            long submitMs = parseTimestampMs(name, line, f[0]);
            double durationS = TraceRows.nonNegativeNumber(f[1]);
            if (durationS < 0) {
                throw new InputException(name, line, "duration", "must be a number >= 0 (seconds), got '" + InputException.quote(f[1]) + "'");
            }
            TraceRows.atMostTenYears(name, line, "duration", durationS, f[1]);
            int gpus = TraceRows.integer(f[2]);
            if (gpus < 1) {
                throw new InputException(name, line, "num_gpus", "must be an integer >= 1, got '" + InputException.quote(f[2]) + "'");
            }
            if (TraceRows.nonNegativeNumber(f[3]) < 0) {
                throw new InputException(name, line, "gpu_time", "must be a number >= 0 (GPU-seconds), got '" + InputException.quote(f[3]) + "'");
            }
            if (f[4].isEmpty()) {
                throw new InputException(name, line, "cluster", "must not be empty");
            }
            long durationMs = TraceRows.secondsToMs(durationS);
            if (durationMs == 0) {
                rows.skip(ZERO_DURATION);
                return;
            }
            rows.add(line, submitMs, durationMs, gpus, f[4]);
        });
        return rows.build(scale, scale == 1 ? file.toString() : file + " (scale " + scale + ")");
    }

    /** Parses {@code YYYY-MM-DD HH:MM:SS} as a wall clock at offset 0, in ms. */
    private static long parseTimestampMs(String name, int line, String s) {
        if (s.length() != 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' '
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw badTimestamp(name, line, s, "");
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            throw badTimestamp(name, line, s, "");
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw badTimestamp(name, line, s, " (time of day out of range)");
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw badTimestamp(name, line, s, " (" + e.getMessage() + ")");
        }
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
    }

    private static InputException badTimestamp(String name, int line, String s, String why) {
        return new InputException(name, line, "timestamp", "must be 'YYYY-MM-DD HH:MM:SS', got '" + InputException.quote(s) + "'" + why);
    }

    /** @return the decimal value of {@code s[from, to)}, or -1 if a character is not a digit */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
