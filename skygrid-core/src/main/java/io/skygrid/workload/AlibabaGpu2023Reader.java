package io.skygrid.workload;

import io.skygrid.scenario.InputException;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads the Alibaba GPU cluster trace 2023 ("openb" pod list, {@code github.com/alibaba/clusterdata
 * cluster-trace-gpu-v2023/csv/openb_pod_list_*.csv}; Weng et al., "Beware of Fragmentation: Scheduling
 * GPU-Sharing Workloads with Fragmentation Gradient Descent", USENIX ATC'23).
 *
 * <p>Format: header exactly
 * {@code name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time};
 * times in seconds from the trace start. The rules below were set after inspecting
 * {@code openb_pod_list_default.csv} (8,152 pods: 1,088 with 0 GPU, 3,078 with a fractional GPU share,
 * 897 Pending with a blank {@code scheduled_time}; phases Running 5,193, Failed 1,870, Succeeded 192,
 * Pending 897). Each pod is checked against the rules in this order:
 * <ol>
 *   <li><b>0-GPU pods</b> ({@code num_gpu = 0}, CPU-only) are skipped and counted in
 *       {@link Workload#skipped()} under {@value #ZERO_GPU} (1,088 in the default file, including 36
 *       that were also never scheduled).</li>
 *   <li><b>Never-scheduled pods</b> (blank {@code scheduled_time}; all have phase Pending in the default
 *       file) are skipped and counted under {@value #NEVER_SCHEDULED} (861 in the default file): they
 *       never ran, so the trace says nothing about how long they would have run. A blank
 *       {@code scheduled_time} with phase Running or Succeeded (phases only a pod bound to a node
 *       reaches) is a contradiction and an error at its line, checked before the 0-GPU rule; neither
 *       the default nor the gpuspec33 file has such a row. Failed and Unknown pods with a blank
 *       {@code scheduled_time} are counted as never scheduled.</li>
 *   <li>Pods whose run time rounds to 0 ms are skipped and counted under {@value #ZERO_DURATION}
 *       (none in the default file).</li>
 * </ol>
 * Every other pod becomes a job:
 * <ul>
 *   <li><b>GPUs</b> = {@code num_gpu}. Fractional-GPU pods ({@code gpu_milli < 1000}, i.e. a share of one
 *       GPU; 2,573 of the loaded pods in the default file) are kept and given one whole GPU, because
 *       Skygrid allocates whole GPUs. They are not "skipped" (they became jobs), so their count is
 *       reported in {@link Workload#source()}, e.g.
 *       {@code ".../openb_pod_list_default.csv (2573 fractional-GPU pods rounded up to whole GPUs)"}.</li>
 *   <li><b>Duration</b> = {@code deletion_time - scheduled_time} (the time the pod held its GPUs), in ms.
 *       Failed pods are kept: they held GPUs until deletion. For pods still Running at the end of the trace
 *       the deletion time is the trace end, so their duration is a lower bound.</li>
 *   <li><b>Submit</b> = {@code creation_time} - earliest {@code creation_time} among loaded pods, in ms;
 *       the original queueing delay ({@code scheduled_time - creation_time}) is discarded, the simulated
 *       scheduler decides it.</li>
 *   <li><b>Tenant</b> = {@code qos} (LS, BE, Burstable, Guaranteed): the trace has no user or team column,
 *       and the QoS class is the only grouping that separates kinds of demand.</li>
 *   <li><b>Ids, origin, scale</b>: as in {@link PhillyTraceReader}: loaded pod {@code r} (file order) yields
 *       ids {@code r*N + k}; origin {@code <file>:<line>}, plus {@code #k} when {@code N > 1}; sorted by
 *       (submitMs, id). Scale follows Sia (Jayaram Subramanya et al., SOSP'23).</li>
 *   <li><b>Errors</b> throw {@link InputException} {@code <file>:<line>: <field> <message>}: wrong header or
 *       column count; {@code num_gpu} not an integer &gt;= 0; {@code gpu_milli} not an integer in 0..1000
 *       (1..1000 when {@code num_gpu >= 1}); {@code pod_phase} not a Kubernetes phase; empty {@code qos};
 *       {@code creation_time}, {@code deletion_time} (required once scheduled) or a non-blank
 *       {@code scheduled_time} not a number &gt;= 0 or above 315,360,000 s (10 years); a line that is not
 *       UTF-8; {@code scheduled_time < creation_time};
 *       {@code deletion_time < scheduled_time}; a blank {@code scheduled_time} with phase Running or
 *       Succeeded. The other columns are not used and not checked.</li>
 * </ul>
 */
public final class AlibabaGpu2023Reader {
    static final String[] HEADER = {"name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "qos",
            "pod_phase", "creation_time", "deletion_time", "scheduled_time"};
    /** Key in {@link Workload#skipped()}: pods requesting no GPU. */
    public static final String ZERO_GPU = "0-GPU pod";
    /** Key in {@link Workload#skipped()}: pods with a blank {@code scheduled_time}. */
    public static final String NEVER_SCHEDULED = "never scheduled";
    /** Key in {@link Workload#skipped()}: pods whose run time rounds to 0 ms. */
    public static final String ZERO_DURATION = "zero duration";

    private static final Set<String> PHASES = Set.of("Pending", "Running", "Succeeded", "Failed", "Unknown");
    /** Phases a pod reaches only after it was scheduled (bound to a node). */
    private static final Set<String> SCHEDULED_PHASES = Set.of("Running", "Succeeded");
    private static final int NUM_GPU = 3, GPU_MILLI = 4, QOS = 6, PHASE = 7, CREATION = 8, DELETION = 9, SCHEDULED = 10;

    private AlibabaGpu2023Reader() {
    }

    /**
     * Reads an Alibaba GPU 2023 pod list.
     *
     * @param file  path of the CSV file (error messages name its file name only)
     * @param scale each job is issued this many times at the same submit time, &gt;= 1
     * @return the jobs sorted by (submitMs, id), submitMs in ms since the first loaded creation (the
     *         scenario epoch), durationMs in ms; skipped pods counted by reason
     * @throws InputException           if the file cannot be read or is malformed
     * @throws IllegalArgumentException if {@code scale < 1}
     */
    public static Workload read(Path file, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        String name = TraceRows.fileName(file);
        TraceRows rows = new TraceRows(name, "creation_time");
        int[] fractional = {0};
        TraceRows.forEachRow(file, HEADER, (line, f) -> {
            int numGpu = TraceRows.integer(f[NUM_GPU]);
            if (numGpu < 0) {
                throw new InputException(name, line, "num_gpu", "must be an integer >= 0, got '" + InputException.quote(f[NUM_GPU]) + "'");
            }
            int gpuMilli = TraceRows.integer(f[GPU_MILLI]);
            if (gpuMilli < 0 || gpuMilli > 1000 || (numGpu >= 1 && gpuMilli == 0)) {
                throw new InputException(name, line, "gpu_milli", "must be an integer in "
                        + (numGpu >= 1 ? "1" : "0") + "..1000, got '" + InputException.quote(f[GPU_MILLI]) + "'");
            }
            if (f[QOS].isEmpty()) {
                throw new InputException(name, line, "qos", "must not be empty");
            }
            if (!PHASES.contains(f[PHASE])) {
                throw new InputException(name, line, "pod_phase",
                        "must be one of Pending, Running, Succeeded, Failed, Unknown, got '" + InputException.quote(f[PHASE]) + "'");
            }
            double creation = seconds(name, line, "creation_time", f[CREATION]);
            if (!f[DELETION].isEmpty()) {
                seconds(name, line, "deletion_time", f[DELETION]); // checked whenever present, even if skipped
            }
            if (f[SCHEDULED].isEmpty() && SCHEDULED_PHASES.contains(f[PHASE])) {
                throw new InputException(name, line, "scheduled_time", "is blank (never scheduled) but pod_phase is '"
                        + f[PHASE] + "', which only a scheduled pod reaches");
            }
            if (numGpu == 0) {
                rows.skip(ZERO_GPU);
                return;
            }
            if (f[SCHEDULED].isEmpty()) {
                rows.skip(NEVER_SCHEDULED);
                return;
            }
            double scheduled = seconds(name, line, "scheduled_time", f[SCHEDULED]);
            if (scheduled < creation) {
                throw new InputException(name, line, "scheduled_time", "must be >= creation_time ("
                        + InputException.quote(f[CREATION]) + "), got '" + InputException.quote(f[SCHEDULED]) + "'");
            }
            double deletion = seconds(name, line, "deletion_time", f[DELETION]);
            if (deletion < scheduled) {
                throw new InputException(name, line, "deletion_time", "must be >= scheduled_time ("
                        + InputException.quote(f[SCHEDULED]) + "), got '" + InputException.quote(f[DELETION]) + "'");
            }
            long durationMs = TraceRows.secondsToMs(deletion) - TraceRows.secondsToMs(scheduled);
            if (durationMs == 0) {
                rows.skip(ZERO_DURATION);
                return;
            }
            if (gpuMilli < 1000) {
                fractional[0]++;
            }
            rows.add(line, TraceRows.secondsToMs(creation), durationMs, numGpu, f[QOS]);
        });
        StringBuilder source = new StringBuilder(file.toString());
        if (scale > 1 || fractional[0] > 0) {
            source.append(" (");
            if (scale > 1) {
                source.append("scale ").append(scale).append(fractional[0] > 0 ? "; " : "");
            }
            if (fractional[0] > 0) {
                source.append(fractional[0]).append(" fractional-GPU pods rounded up to whole GPUs");
            }
            source.append(')');
        }
        return rows.build(scale, source.toString());
    }

    private static double seconds(String name, int line, String field, String s) {
        double v = TraceRows.nonNegativeNumber(s);
        if (v < 0) {
            throw new InputException(name, line, field, "must be a number >= 0 (seconds), got '" + InputException.quote(s) + "'");
        }
        return TraceRows.atMostTenYears(name, line, field, v, s);
    }
}
