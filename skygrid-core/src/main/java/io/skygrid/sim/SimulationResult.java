package io.skygrid.sim;

import io.skygrid.workload.Job;

import java.util.List;

/**
 * What a simulation produced: the fate of every job, per-pool totals and a timeseries.
 * Per-job arrays are indexed like {@link #jobs()} (sorted by submission time). Times are ms since the epoch;
 * -1 where not applicable.
 */
public final class SimulationResult {
    /**
     * Timeseries values per pool: busy GPUs, allocated GPUs, power W, stored energy J, powered nodes,
     * satellites with a ground station in view (NaN for ground sites).
     */
    public static final int SAMPLE_FIELDS = 6;

    private final List<Job> jobs;
    private final JobFate[] fate;
    private final long[] startMs;
    private final long[] endMs;
    private final int[] pool;
    private final int[] nodesSpanned;
    private final long[] pausedMs;
    private final String[] reason;
    private final List<PoolSummary> pools;
    private final List<double[]> samples;
    private final long horizonMs;
    private final long events;
    private final long schedulingCycles;

    /**
     * Totals of one site or constellation over the horizon.
     *
     * @param name              site or constellation name
     * @param orbital           true for a constellation
     * @param nodes             nodes (ground) or satellites (orbit)
     * @param capacityGpus      installed GPUs
     * @param usableGpus        GPUs that may run at once (ground: limited by the power cap)
     * @param gpuHoursDelivered GPU-hours of running (not paused) jobs
     * @param energyJ           energy drawn: facility energy incl. PUE (ground) or bus + accelerator
     *                          load (orbit), J
     * @param pausedGpuHours    GPU-hours that placed jobs spent paused for lack of power
     * @param busUnsuppliedJ    orbit only: load the batteries could not carry (bus brown-out), J
     */
    public record PoolSummary(String name, boolean orbital, int nodes, long capacityGpus, long usableGpus,
                              double gpuHoursDelivered, double energyJ, double pausedGpuHours,
                              double busUnsuppliedJ) {
    }

    SimulationResult(List<Job> jobs, JobFate[] fate, long[] startMs, long[] endMs, int[] pool, int[] nodesSpanned,
                     long[] pausedMs, String[] reason, List<PoolSummary> pools, List<double[]> samples,
                     long horizonMs, long events, long schedulingCycles) {
        this.jobs = List.copyOf(jobs);
        this.fate = fate;
        this.startMs = startMs;
        this.endMs = endMs;
        this.pool = pool;
        this.nodesSpanned = nodesSpanned;
        this.pausedMs = pausedMs;
        this.reason = reason;
        this.pools = List.copyOf(pools);
        this.samples = List.copyOf(samples);
        this.horizonMs = horizonMs;
        this.events = events;
        this.schedulingCycles = schedulingCycles;
    }

    public List<Job> jobs() {
        return jobs;
    }

    public JobFate fate(int j) {
        return fate[j];
    }

    /** @return start of job j, ms, or -1 if it never started */
    public long startMs(int j) {
        return startMs[j];
    }

    /** @return completion of job j, ms, or -1 if it did not complete */
    public long endMs(int j) {
        return endMs[j];
    }

    /** @return index into {@link #pools()} where job j ran, or -1 */
    public int pool(int j) {
        return pool[j];
    }

    /** @return nodes (satellites) job j spanned, 0 if it never started */
    public int nodesSpanned(int j) {
        return nodesSpanned[j];
    }

    /** @return time job j spent paused for power, ms */
    public long pausedMs(int j) {
        return pausedMs[j];
    }

    /** @return why job j was rejected, or null */
    public String reason(int j) {
        return reason[j];
    }

    public List<PoolSummary> pools() {
        return pools;
    }

    /**
     * @return timeseries rows: [time ms, queue length, then {@link #SAMPLE_FIELDS} values per pool in
     * {@link #pools()} order]
     */
    public List<double[]> samples() {
        return samples;
    }

    public long horizonMs() {
        return horizonMs;
    }

    /** @return events processed (arrivals, completions, power and sunlight changes) */
    public long events() {
        return events;
    }

    /** @return scheduling cycles run */
    public long schedulingCycles() {
        return schedulingCycles;
    }

    /** @return number of jobs with the given fate */
    public int count(JobFate f) {
        int n = 0;
        for (JobFate x : fate) {
            if (x == f) n++;
        }
        return n;
    }
}
