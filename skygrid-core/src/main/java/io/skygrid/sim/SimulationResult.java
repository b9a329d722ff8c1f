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
    private final Scheduling scheduling;
    private final Failures failures;
    private final int[] racksSpanned;
    private final int[] leavesSpanned;
    private final double[] throttledGpuHours;

    /**
     * What failures did (all zero when the run had no failure model).
     *
     * @param enabled          whether failures were drawn
     * @param byKind           failures that took a healthy device (or satellite) out of service, by
     *                         {@link FailureModel} kind: gpu, radiation, satellite-loss
     * @param hitJobsByKind    of those, failures that hit a device held by a job, by kind
     * @param restarts         restarts in total (a job restarts from its last checkpoint after each hit)
     * @param jobsRestarted    distinct jobs restarted at least once
     * @param lostGpuHours     GPU-hours lost to failures (progress since the last durable checkpoint and the
     *                         restore), apart from preemption's
     * @param restartsPerJob   per job: restarts after failures
     * @param lostGpuHoursPerJob per job: GPU-hours lost to failures
     */
    public record Failures(boolean enabled, long[] byKind, long[] hitJobsByKind, long restarts, int jobsRestarted,
                           double lostGpuHours, int[] restartsPerJob, double[] lostGpuHoursPerJob) {
        /** @return failures of every kind */
        public long total() {
            long t = 0;
            for (long k : byKind) {
                t += k;
            }
            return t;
        }
    }

    /**
     * What the scheduler did, per job and per tenant.
     *
     * @param policy          queue policy name
     * @param tenants         tenant names (configured, or the workload's own), by tenant index
     * @param tenantOfJob     tenant index per job
     * @param tenantGpuHours  GPU-hours each tenant's jobs ran (including restores and work later lost)
     * @param waitReason      per job: why it waited, as last seen while it waited (at the horizon for jobs
     *                        still queued); {@code preempted} for a wait that began with a preemption
     * @param preemptions     per job: times preempted
     * @param lostGpuHours    per job: GPU-hours lost to preemption (discarded progress, GPUs held while a
     *                        checkpoint finished writing, checkpoint restore)
     * @param preemptionCount preemptions in total
     * @param lostGpuHoursTotal GPU-hours lost to preemption in total
     * @param waitedMs        per job: time spent queued, ms, summed over every wait (the first, and each after a
     *                        preemption or a failure; up to the horizon for a job queued then)
     */
    public record Scheduling(String policy, List<String> tenants, int[] tenantOfJob, double[] tenantGpuHours,
                             io.skygrid.sched.WaitReason[] waitReason, int[] preemptions, double[] lostGpuHours,
                             long preemptionCount, double lostGpuHoursTotal, long[] waitedMs) {
    }

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
                     long horizonMs, long events, long schedulingCycles, Scheduling scheduling, Failures failures,
                     int[] racksSpanned, int[] leavesSpanned, double[] throttledGpuHours) {
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
        this.scheduling = scheduling;
        this.failures = failures;
        this.racksSpanned = racksSpanned;
        this.leavesSpanned = leavesSpanned;
        this.throttledGpuHours = throttledGpuHours;
    }

    /**
     * @return GPU-hours of work pool p did not do because its satellites ran thermally throttled: busy GPUs x
     * wall time x (1 - throttle factor); 0 on the ground and without a radiator
     */
    public double throttledGpuHours(int p) {
        return throttledGpuHours[p];
    }

    /** @return what failures did */
    public Failures failures() {
        return failures;
    }

    /**
     * @return racks (orbital: formation clusters) job j's last placement spanned, 0 if it never started
     * ({@link io.skygrid.sched.Placement#racksSpanned()})
     */
    public int racksSpanned(int j) {
        return racksSpanned[j];
    }

    /** @return leaf switches job j's last placement spanned, 0 if it never started */
    public int leavesSpanned(int j) {
        return leavesSpanned[j];
    }

    /** @return mean racks (formation clusters) spanned by the jobs that started in pool p, NaN if none */
    public double meanRacksSpanned(int p) {
        return meanSpanned(racksSpanned, p);
    }

    /** @return mean leaf switches spanned by the jobs that started in pool p, NaN if none */
    public double meanLeavesSpanned(int p) {
        return meanSpanned(leavesSpanned, p);
    }

    private double meanSpanned(int[] spanned, int p) {
        long sum = 0;
        int n = 0;
        for (int j = 0; j < spanned.length; j++) {
            if (pool[j] == p && spanned[j] > 0) {
                sum += spanned[j];
                n++;
            }
        }
        return n == 0 ? Double.NaN : (double) sum / n;
    }

    /** @return per-job and per-tenant scheduling figures */
    public Scheduling scheduling() {
        return scheduling;
    }

    /** @return tenant name of job j (after the scenario's tenant mapping) */
    public String tenant(int j) {
        return scheduling.tenants().get(scheduling.tenantOfJob()[j]);
    }

    /** @return why job j waited (see {@link Scheduling#waitReason()}) */
    public io.skygrid.sched.WaitReason waitReason(int j) {
        return scheduling.waitReason()[j];
    }

    /**
     * @return a one-paragraph explanation of what happened to job j and why it waited, e.g.
     * {@code job 17 (lab-a, 64 GPUs, philly.csv:18): queued at the horizon after 3.2 h; it waits because its
     * tenant had used its reservation and reached its borrowing limit.}
     */
    public String explain(int j) {
        Job job = jobs.get(j);
        StringBuilder sb = new StringBuilder();
        sb.append("job ").append(job.id()).append(" (").append(tenant(j)).append(", ").append(job.gpus())
                .append(" GPUs, ").append(job.origin()).append("): ");
        io.skygrid.sched.WaitReason why = waitReason(j);
        switch (fate[j]) {
            case REJECTED -> sb.append("rejected: ").append(reason[j]);
            case AFTER_HORIZON -> sb.append("submitted after the horizon, never scheduled");
            case QUEUED -> {
                sb.append("still queued at the horizon after ").append(hours(horizonMs - job.submitMs()));
                if (startMs[j] >= 0) {
                    sb.append(" (it ran, then waited ").append(hours(scheduling.waitedMs()[j])).append(" in all)");
                }
                sb.append("; it waits because ").append(why.text());
            }
            default -> {
                sb.append(fate[j] == JobFate.COMPLETED ? "completed" : "running at the horizon")
                        .append(pool[j] >= 0 ? " in " + pools.get(pool[j]).name() : "")
                        .append("; waited ").append(hours(scheduling.waitedMs()[j]));
                if (scheduling.waitedMs()[j] != startMs[j] - job.submitMs()) {
                    sb.append(" in all (").append(hours(startMs[j] - job.submitMs())).append(" before its first start)");
                }
                if (why != io.skygrid.sched.WaitReason.NONE) {
                    sb.append(" (last reason: ").append(why.text()).append(')');
                }
            }
        }
        int pre = scheduling.preemptions()[j];
        if (pre > 0) {
            sb.append("; preempted ").append(pre).append(pre == 1 ? " time" : " times").append(", ")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", scheduling.lostGpuHours()[j]))
                    .append(" GPU-hours lost");
        }
        return sb.append('.').toString();
    }

    private static String hours(long ms) {
        return String.format(java.util.Locale.ROOT, "%.2f h", ms / 3_600_000.0);
    }

    /**
     * @return job j's time spent queued, ms, summed over every wait (the first, and each after a preemption or a
     * failure, up to the horizon for a job queued then)
     */
    public long waitedMs(int j) {
        return scheduling.waitedMs()[j];
    }

    /** @return index of the job with this id, or -1 */
    public int indexOfId(int id) {
        for (int j = 0; j < jobs.size(); j++) {
            if (jobs.get(j).id() == id) return j;
        }
        return -1;
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

    // ---- placement and data staging (io.skygrid.sched.PlacementSpec)

    /**
     * Data staging between ground and orbit (see {@link io.skygrid.sched.PlacementSpec}).
     *
     * @param placement     score mode of the run ({@code first-fit} or {@code sun-following})
     * @param enabled       whether data links were given (else orbital jobs start at once, nothing is downlinked)
     * @param stagingMs     per job: time it held its GPUs waiting for its input uplink, ms (0 on the ground);
     *                      part of its JCT
     * @param outputDownMs  per job: when its output reached the ground, ms since the epoch; -1 for ground jobs,
     *                      jobs not completed, or outputs not down by the horizon
     * @param stagedJobs    placements on a constellation that waited for an uplink
     * @param stagingGpuHours GPU-hours held by gangs waiting for their input
     */
    public record DataStaging(String placement, boolean enabled, long[] stagingMs, long[] outputDownMs,
                              long stagedJobs, double stagingGpuHours) {
    }

    private DataStaging data;

    void attachData(DataStaging d) {
        this.data = d;
    }

    /** @return data staging per job and in total (never null after a run) */
    public DataStaging data() {
        return data;
    }

    // ---- inference services (Simulation#inference)

    /**
     * Inference replicas served beside training, per replica in the order (start, service, replica).
     *
     * @param workload       the services
     * @param demand         what they want over the horizon
     * @param service        per replica: service index in {@code workload}
     * @param startMs        per replica: when it is wanted, ms since the epoch
     * @param endMs          per replica: when it goes away, ms, or {@link io.skygrid.workload.InferenceService#OPEN_END}
     * @param firstPlacedMs  per replica: when it was first placed, ms, or -1 if never (or wanted after the horizon)
     * @param pool           per replica: the pool it last ran in, or -1
     * @param node           per replica: the node (satellite) it last ran on, or -1
     * @param servedMs       per replica: time it held its GPUs within the horizon, ms
     * @param evictions      per replica: times it was evicted (its satellite switched off for power)
     * @param state          per replica: 0 wanted after the horizon, 1 waiting at the horizon, 2 running at the
     *                       horizon, 3 ended
     */
    public record InferenceRun(io.skygrid.workload.InferenceWorkload workload,
                               io.skygrid.workload.InferenceSummary demand, int[] service, long[] startMs,
                               long[] endMs, long[] firstPlacedMs, int[] pool, int[] node, long[] servedMs,
                               int[] evictions, byte[] state) {
        /** @return number of replicas */
        public int replicas() {
            return service.length;
        }

        /** @return GPU-hours the replicas held within the horizon */
        public double servedGpuHours() {
            double h = 0;
            for (int r = 0; r < service.length; r++) {
                h += servedMs[r] * (double) workload.services().get(service[r]).gpusPerReplica() / 3_600_000.0;
            }
            return h;
        }
    }

    private InferenceRun inference;

    void attachInference(InferenceRun run) {
        this.inference = run;
    }

    /** @return the inference replicas served, or null when the run had no inference workload */
    public InferenceRun inference() {
        return inference;
    }
}
