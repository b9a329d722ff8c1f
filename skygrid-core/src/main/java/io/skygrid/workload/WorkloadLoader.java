package io.skygrid.workload;

import io.skygrid.scenario.InputException;

import java.util.List;

/**
 * Turns a scenario's {@link WorkloadSpec} into a {@link Workload}: a trace replay through the reader of
 * its format, or the {@link WorkloadGenerator}.
 */
public final class WorkloadLoader {
    /** Trace formats understood by {@link #load}, in the order listed in error messages. */
    public static final List<String> FORMATS = List.of("philly", "alibaba-gpu-2023");

    private WorkloadLoader() {
    }

    /**
     * Loads or generates the workload of a scenario.
     *
     * <p>A {@link WorkloadSpec.Trace} is replayed in full: format {@code philly} through
     * {@link PhillyTraceReader}, {@code alibaba-gpu-2023} through {@link AlibabaGpu2023Reader}, with the
     * spec's scale; submission times are then divided by the spec's {@code arrivalSpeedup}. {@code totalGpus}, {@code maxGangGpus}, {@code horizonMs} and {@code seed} are then not
     * used: jobs submitted after the horizon are left to the simulation, and a job larger than any site is
     * kept so the scheduler rejects it with a reason. A {@link WorkloadSpec.Generated} is passed to
     * {@link WorkloadGenerator#generate} with all arguments.
     *
     * @param spec        where the jobs come from
     * @param totalGpus   GPUs of the fleet, &gt;= 1 (generator only)
     * @param maxGangGpus largest gang the fleet can place, GPUs (generator only)
     * @param horizonMs   simulated span, ms since the scenario epoch (generator only)
     * @param seed        the run's seed (generator only)
     * @return jobs sorted by (submitMs, id), times in ms since the scenario epoch
     * @throws InputException                     if a trace file is missing or malformed, or leaves no job to
     *                                            replay (only a header, every row skipped, or every job
     *                                            before the start offset): {@code file: has no jobs to
     *                                            replay (N rows skipped: reason count, ...)}
     * @throws IllegalArgumentException           for an unknown trace format (the message lists the known
     *                                            ones) or an argument out of range
     */
    public static Workload load(WorkloadSpec spec, long totalGpus, int maxGangGpus, long horizonMs, long seed) {
        if (spec instanceof WorkloadSpec.Trace trace) {
            String format = trace.format();
            Workload w;
            if ("philly".equals(format)) {
                w = PhillyTraceReader.read(trace.file(), trace.scale());
            } else if ("alibaba-gpu-2023".equals(format)) {
                w = AlibabaGpu2023Reader.read(trace.file(), trace.scale());
            } else {
                throw new IllegalArgumentException("unknown trace format '" + format + "'; known formats: "
                        + String.join(", ", FORMATS));
            }
            Workload replayed = speedUp(window(w, trace.startOffsetMs()), trace.arrivalSpeedup());
            if (replayed.jobs().isEmpty()) {
                throw new InputException(TraceRows.fileName(trace.file()), 0, null, "has no jobs to replay ("
                        + describeSkipped(replayed.skipped()) + ")");
            }
            return replayed;
        }
        if (spec instanceof WorkloadSpec.Generated generated) {
            return WorkloadGenerator.generate(generated, totalGpus, maxGangGpus, horizonMs, seed);
        }
        throw new IllegalArgumentException("workload spec must not be null");
    }

    /** @return e.g. {@code "12 rows skipped: 0-GPU pod 10, never scheduled 2"}, or "no data rows" */
    static String describeSkipped(java.util.Map<String, Integer> skipped) {
        if (skipped.isEmpty()) {
            return "no data rows";
        }
        long total = 0;
        StringBuilder parts = new StringBuilder();
        for (java.util.Map.Entry<String, Integer> e : skipped.entrySet()) {
            total += e.getValue();
            parts.append(parts.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%,d", e.getValue()));
        }
        return String.format(java.util.Locale.ROOT, "%,d %s skipped: ", total, total == 1 ? "row" : "rows") + parts;
    }

    /** Key in {@link Workload#skipped()} of jobs submitted before the replay's start offset. */
    public static final String BEFORE_START_OFFSET = "submitted before the start offset";

    /**
     * Drops jobs submitted before {@code offsetMs} (counted under {@link #BEFORE_START_OFFSET}) and
     * shifts the rest so that the offset becomes time 0. An offset of 0 returns the workload unchanged.
     */
    static Workload window(Workload w, long offsetMs) {
        if (offsetMs == 0) {
            return w;
        }
        java.util.List<Job> jobs = new java.util.ArrayList<>(w.jobs().size());
        int dropped = 0;
        for (Job j : w.jobs()) {
            if (j.submitMs() < offsetMs) {
                dropped++;
            } else {
                jobs.add(new Job(j.id(), j.tenant(), j.gpus(), j.submitMs() - offsetMs, j.durationMs(), j.origin()));
            }
        }
        java.util.Map<String, Integer> skipped = new java.util.LinkedHashMap<>(w.skipped());
        if (dropped > 0) {
            skipped.put(BEFORE_START_OFFSET, dropped);
        }
        return new Workload(jobs, skipped, w.source() + String.format(java.util.Locale.ROOT,
                ", from %.3f d into the trace", offsetMs / 86_400_000.0));
    }

    /**
     * Divides every submission time by {@code speedup} (rounded to the nearest ms); order and
     * durations are kept. A speedup of 1 returns the workload unchanged.
     */
    static Workload speedUp(Workload w, double speedup) {
        if (speedup == 1.0) {
            return w;
        }
        java.util.List<Job> jobs = new java.util.ArrayList<>(w.jobs().size());
        for (Job j : w.jobs()) {
            jobs.add(new Job(j.id(), j.tenant(), j.gpus(), Math.round(j.submitMs() / speedup), j.durationMs(),
                    j.origin()));
        }
        return new Workload(jobs, w.skipped(), w.source() + String.format(java.util.Locale.ROOT,
                ", arrivals sped up %sx", speedup));
    }
}
