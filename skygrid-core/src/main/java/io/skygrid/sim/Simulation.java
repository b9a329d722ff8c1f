package io.skygrid.sim;

import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.power.ConstellationPower;
import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.NodePool;
import io.skygrid.sched.Placement;
import io.skygrid.sched.QueueIndex;
import io.skygrid.sched.QueuePolicies;
import io.skygrid.sched.QueuePolicy;
import io.skygrid.sched.Quota;
import io.skygrid.sched.SchedView;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.TenantSpec;
import io.skygrid.sched.WaitReason;
import io.skygrid.workload.Job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Discrete-event simulation of a fleet serving a workload.
 *
 * <p>Events: job arrivals, job completions, sunlight changes of every satellite (umbra/penumbra
 * entry and exit from the precomputed {@link io.skygrid.orbit.SunlightTimeline}s), battery
 * thresholds (accelerators switched off at the shut-off state of charge, back on at the resume
 * level) and timeseries samples. After all events of one instant the scheduler runs once.
 *
 * <p>Scheduling cycle (DESIGN.md section 6), once per instant with a change:
 * <ol>
 *   <li><b>QueueSort</b>: queued jobs sit in sub-queues (by the policy's class, and by tenant when quotas or
 *       fair share need it); the policy ({@link QueuePolicies}: fifo, priority, fairshare, drf, tiresias,
 *       srtf) picks the next job among the sub-queue heads.</li>
 *   <li><b>Filter</b>: pools (ground sites in scenario order, then constellations) where the whole gang
 *       fits now ({@link NodePool#canPlace}, the ground power cap, powered satellites) and the tenant's
 *       quota admits it ({@link Quota}). A job blocked only by its quota is skipped (its sub-queue rests
 *       this cycle), so it never blocks others. Jobs of latency-sensitive tenants pass only ground sites and
 *       constellations within the latency bound; a constellation passes only if the job's input would be on
 *       board within the staging bound ({@link io.skygrid.sched.PlacementSpec}).</li>
 *   <li><b>Score</b>: {@code first-fit} (the first passing pool in order) or {@code sun-following} (steady-sun
 *       constellations, then the ground site with most free GPUs, then the rest), see
 *       {@link io.skygrid.sched.PlacementSpec}.</li>
 *   <li><b>Reserve/Bind</b>: {@link NodePool#place}, all-or-nothing, so two gangs never hold parts of the
 *       cluster each.</li>
 *   <li><b>PostFilter</b>: with {@code preemption}, the first job that cannot start may preempt running
 *       jobs that its policy ranks below it, or jobs of tenants borrowing in a pool where the job is within
 *       its tenant's reservation (reclaim). Victims lose the work since their last checkpoint and keep their
 *       GPUs until an in-flight checkpoint write is durable ({@link CheckpointSpec}). Then, with EASY
 *       backfill (Lifka 1995, "The ANL/IBM SP scheduling system"; Mu'alem and Feitelson 2001, IEEE TPDS
 *       12(6)), that job gets a reservation at the earliest instant enough GPUs free up in some pool (from
 *       running jobs' expected ends and draining victims, counting GPUs, not node fragmentation), and
 *       other jobs, in submission order, start now only if they do not delay it.</li>
 * </ol>
 * Runtimes are known to the scheduler (trace-driven, perfect estimates). A job no pool can ever run (larger
 * than every pool, beyond the latency bound's pools, or beyond what its tenant's reservation plus borrowing
 * limit can admit where it would fit) is rejected at arrival with a reason and never blocks the queue; a
 * satellite loss re-evaluates this for the queued jobs. A running job is exempt from preemption for
 * {@code preemptExemptMs} after it (re)starts; a preemption held back only by that exemption is retried when
 * it ends. EASY reservations count failed devices coming back from repair as released GPUs. Every queued job
 * records why it waits ({@link WaitReason}; {@code preempted} for a wait that began with a preemption) and the
 * time it spent queued over all its waits; for jobs still queued at the horizon the reason is evaluated at the
 * horizon. A job whose work ends exactly at the horizon is completed.
 *
 * <p>Data staging (with {@link #dataLinks}): a gang placed on a constellation holds its satellites until its
 * input is uplinked, then computes; its output is downlinked after it completes. Inference services (with
 * {@link #inference}) are long-running replicas placed before the training jobs in every cycle.
 *
 * <p>Power: a gang on satellites pauses (checkpointed, no work lost) while any of its satellites has
 * its accelerators switched off, keeps its satellites, and resumes when all are powered again.
 *
 * <p>Optional: failures ({@link #withFailures}: accelerator failures, radiation faults, satellite losses; a hit
 * job restarts from its last durable checkpoint) and thermal limits ({@link #withThermal}: gangs progress at
 * the radiator's throttle factor of their slowest satellite, re-rated at sunlight changes). Placement records
 * the job as owner of its devices and keeps tightly coupled orbital gangs inside one formation cluster
 * ({@link io.skygrid.sched.OrbitalPlacement}); racks, leaves and clusters spanned are reported.
 *
 * <p>Deterministic: no randomness but the failure draws, which depend on the seed alone; events ordered by
 * (time, insertion order). Not thread-safe.
 */
public final class Simulation {
    private static final int EV_COMPLETE = 1;
    private static final int EV_SUN = 2;
    private static final int EV_POWER = 3;
    /** a preempted job's checkpoint write is durable: its GPUs are released */
    private static final int EV_DRAINED = 4;
    /** a running job's attained service crosses a Tiresias threshold */
    private static final int EV_DEMOTE = 5;
    /** a demoted queued job has starved long enough to be promoted (Tiresias) */
    private static final int EV_PROMOTE = 6;
    /** an orbital job's input has been uplinked: it starts computing */
    private static final int EV_STAGED = 7;
    /** a job held back only by its input's uplink would now pass the data filter: schedule again */
    private static final int EV_DATA_WAKE = 8;
    /** an inference replica is wanted from now on */
    private static final int EV_REP_START = 9;
    /** an inference replica goes away */
    private static final int EV_REP_END = 10;
    /** the next drawn failure of a pool (subject: pool index) */
    private static final int EV_FAIL = 11;
    /** a failed device returns to service (subject: pool and node, version: device) */
    private static final int EV_REPAIR = 12;
    /** a satellite has decayed (re-entered, {@link io.skygrid.orbit.Decay}): lost for good (subject: pool, version: satellite) */
    private static final int EV_DECAY = 13;
    /** a running job's exemption from preemption ends while a waiting job wants it preempted: schedule again */
    private static final int EV_PREEMPT_WAKE = 14;
    /** failures are drawn pool by pool in windows of this length (one day), ms */
    static final long FAILURE_WINDOW_MS = 86_400_000L;

    private static final byte S_PENDING = 0;
    private static final byte S_QUEUED = 1;
    private static final byte S_RUNNING = 2;
    private static final byte S_PAUSED = 3;
    private static final byte S_DONE = 4;
    private static final byte S_REJECTED = 5;
    /** preempted, holding its GPUs until its checkpoint write is durable */
    private static final byte S_DRAINING = 6;
    /** placed on a constellation, holding its GPUs until its input is uplinked */
    private static final byte S_STAGING = 7;

    /**
     * Run settings.
     *
     * @param horizonMs       end of simulated time, ms since the epoch
     * @param sampleStepMs    timeseries interval, ms
     * @param scheduler       policy
     * @param checkInvariants verify pool and job-accounting invariants after every instant (tests)
     * @param solarFluxFactor solar flux relative to 1 AU, (1 AU / r)^2, applied to every solar array when
     *                        {@code epoch} is null
     * @param tenancy         tenants, quotas and the mapping of job tenants onto them
     * @param checkpoint      checkpoint classes and storage bandwidth (preemption costs)
     * @param epoch           scenario epoch (time 0): when given, solar arrays see the Sun-Earth distance of
     *                        each simulated day instead of {@code solarFluxFactor}
     */
    public record Config(long horizonMs, long sampleStepMs, SchedulerSpec scheduler, boolean checkInvariants,
                         double solarFluxFactor, Tenancy tenancy, CheckpointSpec checkpoint, java.time.Instant epoch) {
        /** Settings at 1 AU, implicit tenants (the jobs' own), default checkpoints. */
        public Config(long horizonMs, long sampleStepMs, SchedulerSpec scheduler, boolean checkInvariants) {
            this(horizonMs, sampleStepMs, scheduler, checkInvariants, 1.0);
        }

        /** A constant solar flux factor, implicit tenants (the jobs' own), default checkpoints. */
        public Config(long horizonMs, long sampleStepMs, SchedulerSpec scheduler, boolean checkInvariants,
                      double solarFluxFactor) {
            this(horizonMs, sampleStepMs, scheduler, checkInvariants, solarFluxFactor, Tenancy.implicit(),
                    CheckpointSpec.DEFAULT, null);
        }

        /** A constant solar flux factor. */
        public Config(long horizonMs, long sampleStepMs, SchedulerSpec scheduler, boolean checkInvariants,
                      double solarFluxFactor, Tenancy tenancy, CheckpointSpec checkpoint) {
            this(horizonMs, sampleStepMs, scheduler, checkInvariants, solarFluxFactor, tenancy, checkpoint, null);
        }

        public Config {
            if (horizonMs <= 0) throw new IllegalArgumentException("horizonMs must be > 0");
            if (sampleStepMs <= 0) throw new IllegalArgumentException("sampleStepMs must be > 0");
            if (!SchedulerSpec.QUEUES.contains(scheduler.queue())) {
                throw new IllegalArgumentException("unknown queue policy '" + scheduler.queue() + "' (known: "
                        + String.join(", ", SchedulerSpec.QUEUES) + ")");
            }
            if (!"easy".equals(scheduler.backfill()) && !"none".equals(scheduler.backfill())) {
                throw new IllegalArgumentException("unknown backfill '" + scheduler.backfill() + "' (known: easy, none)");
            }
        }
    }

    private final Config cfg;
    private final List<Job> jobs;
    private final int nJobs;
    private final int nGround;
    private final Pool[] pools;
    private final boolean easy;

    // per-job state
    private final byte[] state;
    private final long[] startMs;
    private final long[] endMs;
    private final long[] remainingMs;
    private final long[] resumedMs;
    private final long[] pausedMs;
    private final long[] pausedSinceMs;
    private final int[] version;
    private final int[] poolOf;
    private final Placement[] placement;
    private final String[] reason;
    /** tenant index per job */
    private final int[] tenant;
    /** useful progress saved at the end of the last run segment (or by the last checkpoint after preemption), ms */
    private final long[] doneMs;
    /** checkpoint restore still to run before progress resumes, ms (part of remainingMs) */
    private final long[] restoreLeftMs;
    /** doneMs and restoreLeftMs when the current run segment began */
    private final long[] doneAtResumeMs;
    private final long[] restoreAtResumeMs;
    /** progress covered by a durable checkpoint, ms */
    private final long[] checkpointMs;
    /** GPU-ms received so far (Tiresias' attained service; reset by a starvation promotion) */
    private final double[] attainedGpuMs;
    /** wall time spent running, ms */
    private final long[] executedMs;
    private final int[] preemptions;
    private final double[] lostGpuMs;
    private final byte[] waitReason;
    /** per job: time spent queued so far, ms (every wait), and since when it is queued now */
    private final long[] waitedMs;
    private final long[] queuedSinceMs;
    /** per job: 1 while it waits after a preemption (its wait reason stays {@code preempted}), else 0 */
    private final boolean[] preemptedWait;
    private final long[] drainEndMs;
    /** preempted job: the durable checkpoint before the one its drain is writing (a failure falls back to it) */
    private final long[] ckBeforeDrainMs;
    /** progress per wall-clock ms of the current run segment: 1, or the thermal throttle of its slowest satellite */
    private final double[] rate;
    /** restarts after failures, per job */
    private final int[] restarts;
    /** GPU-ms lost to failures, per job */
    private final double[] failureLostGpuMs;

    // queue: sub-queues ordered by (key, job index); see schedule()
    private final QueuePolicy policy;
    private final int tenantSlots;
    private final TreeSet<Integer>[] subQueues;
    /** scheduling cycle in which a job was passed over for its quota */
    private final int[] skippedInCycle;
    /** sub-queues ordered by submission, one per tenant (fifo, priority, fairshare, drf) */
    private final boolean tenantFifo;
    /** per sub-queue: where the quota walk stopped in cycle cursorCycle (tiresias, srtf) */
    private final int[] cursorJob;
    private final int[] cursorCycle;
    private final long[] subKey;
    private final int[] subOf;
    private int qSize;

    // allocated jobs per pool (running, paused or draining), an intrusive doubly linked list
    private final int[] aNext;
    private final int[] aPrev;

    // tenants
    private final List<TenantSpec> tenantSpecs;
    private final Quota quota;
    /** whether any reservation or borrowing limit exists (else quota checks are skipped) */
    private final boolean quotaActive;
    private final double[] tenantGpuMs;
    private final View view = new View();

    private final EventQueue events = new EventQueue();
    private final QueueIndex queueIndex;
    private int submitted;
    private int completed;
    private int rejected;
    private int running;
    /**
     * jobs ended for good by a failure: always 0, since a job hit by a failure restarts from its last checkpoint and
     * queues again ({@link #withFailures}); the accounting invariant includes it
     */
    private int failed;
    private double lostGpuMsTotal;
    private long preemptionCount;
    private long lastIntegrateMs;
    private long eventsProcessed;
    private long schedulingCycles;
    /** largest gang any pool can ever run: usable GPUs less those of lost satellites (re-evaluated at losses) */
    private long maxUsableAnyPool;

    // placement (Filter/Score) and data staging; see PlacementSpec
    private final io.skygrid.sched.PlacementSpec placementSpec;
    private final List<ConstellationTimelines> timelineList;
    /** per tenant: latency-sensitive (Filter keeps it on the ground or within the latency bound) */
    private final boolean[] latencyTenant;
    private final boolean latencyActive;
    /** per tenant, per pool: whether the pool passes the latency filter for the tenant's jobs */
    private boolean[][] poolAllowed;
    /** largest usable pool a latency-sensitive job may use */
    private long maxUsableLatency;
    private double minElevationDeg = io.skygrid.scenario.ScenarioLoader.DEFAULT_MIN_ELEVATION_DEG;
    /** contact plans per constellation (orbital pool order), null: no staging */
    private List<io.skygrid.orbit.ContactPlan> contactPlans;
    private io.skygrid.fleet.RelayLink relay;
    /** per orbital pool (indexed by pool): the time the booked uplink / downlink transfers end */
    private final long[] upFreeMs;
    private final long[] downFreeMs;
    /** per job: time spent on its GPUs waiting for its input, ms; time its output reached the ground, -1 */
    private final long[] stagingMs;
    private final long[] outputDownMs;
    private final long[] stagedAtMs;
    /** per job: 1 + the pool its input was uplinked to, 0 if none */
    private final int[] dataAtPool;
    /** sun-following: pool order for training, and when it must be recomputed */
    private int[] sunOrder;
    private int sunSteadyCount;
    private long sunOrderUntilMs = -1;
    private long stagedJobs;
    /** time of the pending EV_PREEMPT_WAKE, -1 if none */
    private long preemptWakeMs = -1;
    /** time of the pending EV_DATA_WAKE, -1 if none */
    private long dataWakeMs = -1;
    private double stagingGpuMs;

    // failures (see withFailures)
    private FailureModel failureModel;
    private FailureEvents[] failWindow;
    private int[] failPtr;
    private long[] failWindowEndMs;
    /** per pool: satellites lost for good */
    private java.util.BitSet[] lostNodes;
    /** failures that hit a healthy device (or satellite), by {@link FailureModel} kind */
    private final long[] failuresByKind = new long[3];
    private int decayedSatellites;
    /** failures by kind that hit a device held by a job */
    private final long[] jobFailuresByKind = new long[3];
    private long restartCount;
    private double failureLostGpuMsTotal;

    /** One site or constellation as the scheduler sees it. */
    private static final class Pool {
        final String name;
        final boolean orbital;
        /** position in {@code pools}, encoded into satellite event subjects */
        int index;
        final NodePool nodes;
        final GroundSite site;
        final ConstellationPower power;
        /** GPUs that may be busy at once (ground: power cap; orbit: all). */
        final long usableGpus;
        /** GPUs of satellites lost for good */
        long lostGpus;
        /** GPUs of running (not paused) jobs. */
        long activeGpus;
        /** GPUs held by preempted jobs until their checkpoint write is durable. */
        long drainingGpus;
        /** first allocated job (head of the intrusive list), -1 if none */
        int allocHead = -1;
        /** expected end (ms) -> GPUs of running jobs ending then, for EASY reservations. */
        final TreeMap<Long, Long> endings = new TreeMap<>();
        /** repair time (ms) -> failed devices returning to service then, for EASY reservations. */
        final TreeMap<Long, Long> repairs = new TreeMap<>();
        /** per satellite: jobs placed on it (orbital pools only). */
        final int[][] jobsOn;
        final int[] jobsOnCount;
        final int[] powerVersion;
        /**
         * Whether the pool's satellites fly in formation clusters, so a tightly coupled gang must stay inside one
         * ({@link io.skygrid.sched.OrbitalPlacement}). False on the ground and for Walker shells, planes and TLE
         * catalogues, whose satellites are each their own cluster: their gangs run over ISLs, as if loosely coupled.
         */
        boolean formationClusters;
        /**
         * Thermal throttle per satellite ({@link io.skygrid.power.ThermalThrottle}) in sunlight (and penumbra) and in
         * eclipse, and the factor now; null when the constellation's radiator never limits it (or it has none).
         */
        double[] thermSun;
        double[] thermEcl;
        double[] thermNow;
        /** GPU-ms of work not done because satellites ran throttled: GPUs x wall time x (1 - factor) */
        double throttledGpuMs;
        /** per satellite: union of its contact windows with any station, as [start, end) pairs. */
        final long[][] contactUnion;
        final int[] contactPtr;
        double gpuMsDelivered;
        double energyJ;
        double pausedGpuMs;
        long[] satBusyScratch;
        /** GPUs held by inference replicas */
        long replicaGpus;

        Pool(GroundSite site) {
            this.name = site.name();
            this.orbital = false;
            this.site = site;
            this.power = null;
            this.nodes = new NodePool(site.name(), site.nodes(), site.gpusPerNode());
            double itBudget = site.powerCapW() / site.pue() - site.nodes() * site.hostPowerPerNodeW();
            long capGpus = (long) Math.floor(Math.max(0, itBudget) / site.accelerator().tdpW());
            this.usableGpus = Math.min(site.gpus(), capGpus);
            this.jobsOn = null;
            this.jobsOnCount = null;
            this.powerVersion = null;
            this.contactUnion = null;
            this.contactPtr = null;
        }

        Pool(OrbitalConstellation c, ConstellationTimelines t, Config cfg) {
            this.name = c.name();
            this.orbital = true;
            this.site = null;
            // formation clusters are the pool's racks (OrbitalPlacement). Satellites that do not fly in formation
            // are each their own cluster: the pool then keeps the default grouping of consecutive satellites (same
            // plane, in-plane ISL neighbours of a Walker shell) 8 to a group, which keeps gangs compact and
            // placement fast (1,584 one-satellite racks made placements scan every rack), and reports the
            // clusters a gang spans as its satellites
            this.formationClusters = io.skygrid.sched.OrbitalPlacement.satellitesPerCluster(c.orbit(), t.size()) > 1;
            this.nodes = formationClusters
                    ? new NodePool(c.name(), t.size(), c.payload().count(),
                            io.skygrid.sched.OrbitalPlacement.topology(c.orbit(), t.size()))
                    : new NodePool(c.name(), t.size(), c.payload().count());
            this.power = cfg.epoch() != null
                    ? new ConstellationPower(c.payload(), t.sunlight(), 1.0, cfg.epoch())
                    : new ConstellationPower(c.payload(), t.sunlight(), 1.0, cfg.solarFluxFactor());
            this.usableGpus = nodes.capacity();
            this.jobsOn = new int[t.size()][];
            this.jobsOnCount = new int[t.size()];
            this.powerVersion = new int[t.size()];
            this.contactUnion = new long[t.size()][];
            this.contactPtr = new int[t.size()];
            for (int s = 0; s < t.size(); s++) {
                contactUnion[s] = union(t.contacts()[s]);
            }
        }

        /** Merges windows (sorted by AOS, possibly overlapping across stations) into disjoint [start, end) pairs. */
        private static long[] union(io.skygrid.orbit.ContactWindows w) {
            long[] out = new long[2 * w.size()];
            int n = 0;
            for (int k = 0; k < w.size(); k++) {
                long a = w.aosMs()[k];
                long b = w.losMs()[k];
                if (n > 0 && a <= out[n - 1]) {
                    out[n - 1] = Math.max(out[n - 1], b);
                } else {
                    out[n++] = a;
                    out[n++] = b;
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }

        /** @return whether satellite s has a station in view at tMs (tMs must not decrease between calls) */
        boolean inContact(int s, long tMs) {
            long[] u = contactUnion[s];
            int p = contactPtr[s];
            while (p < u.length && u[p + 1] <= tMs) {
                p += 2;
            }
            contactPtr[s] = p;
            return p < u.length && u[p] <= tMs;
        }

        /** GPUs a new gang could get now, ignoring node fragmentation. */
        long freeUsable() {
            long free = nodes.freeAvailableGpus();
            if (!orbital) {
                free = Math.min(free, usableGpus - nodes.allocatedGpus());
            }
            return Math.max(0, free);
        }

        boolean canStart(int gpus) {
            if (!orbital && nodes.allocatedGpus() + gpus > usableGpus) {
                return false;
            }
            // formation clusters: feasibility under the one-cluster rule, so that placing a tightly coupled gang
            // never fails after the check (a loosely coupled gang placed anywhere fits whenever one cluster holds it)
            return formationClusters ? nodes.canPlace(gpus, true) : nodes.canPlace(gpus);
        }
    }

    /**
     * @param sites          ground sites
     * @param constellations orbital constellations
     * @param timelines      precomputed physics, one per constellation in the same order
     * @param jobs           the workload (any order; ties in submit time keep list order)
     * @param cfg            run settings
     */
    public Simulation(List<GroundSite> sites, List<OrbitalConstellation> constellations,
                      List<ConstellationTimelines> timelines, List<Job> jobs, Config cfg) {
        if (constellations.size() != timelines.size()) {
            throw new IllegalArgumentException("one timeline set per constellation");
        }
        this.cfg = cfg;
        this.easy = "easy".equals(cfg.scheduler().backfill());
        List<Job> sorted = new ArrayList<>(jobs);
        sorted.sort(Comparator.comparingLong(Job::submitMs));
        this.jobs = sorted;
        this.nJobs = sorted.size();
        this.nGround = sites.size();
        this.pools = new Pool[sites.size() + constellations.size()];
        long maxUsable = 0;
        for (int i = 0; i < sites.size(); i++) {
            pools[i] = new Pool(sites.get(i));
            pools[i].index = i;
            maxUsable = Math.max(maxUsable, pools[i].usableGpus);
        }
        for (int i = 0; i < constellations.size(); i++) {
            if (timelines.get(i).size() == 0) {
                throw new IllegalArgumentException("constellation " + constellations.get(i).name() + " has no satellites");
            }
            pools[nGround + i] = new Pool(constellations.get(i), timelines.get(i), cfg);
            pools[nGround + i].index = nGround + i;
            maxUsable = Math.max(maxUsable, pools[nGround + i].usableGpus);
        }
        this.maxUsableAnyPool = maxUsable;
        state = new byte[nJobs];
        startMs = new long[nJobs];
        endMs = new long[nJobs];
        remainingMs = new long[nJobs];
        resumedMs = new long[nJobs];
        pausedMs = new long[nJobs];
        pausedSinceMs = new long[nJobs];
        version = new int[nJobs];
        poolOf = new int[nJobs];
        placement = new Placement[nJobs];
        reason = new String[nJobs];
        tenant = new int[nJobs];
        doneMs = new long[nJobs];
        restoreLeftMs = new long[nJobs];
        doneAtResumeMs = new long[nJobs];
        restoreAtResumeMs = new long[nJobs];
        checkpointMs = new long[nJobs];
        attainedGpuMs = new double[nJobs];
        executedMs = new long[nJobs];
        preemptions = new int[nJobs];
        lostGpuMs = new double[nJobs];
        waitReason = new byte[nJobs];
        waitedMs = new long[nJobs];
        queuedSinceMs = new long[nJobs];
        preemptedWait = new boolean[nJobs];
        drainEndMs = new long[nJobs];
        ckBeforeDrainMs = new long[nJobs];
        restarts = new int[nJobs];
        rate = new double[nJobs];
        java.util.Arrays.fill(rate, 1.0);
        failureLostGpuMs = new double[nJobs];
        aNext = new int[nJobs];
        aPrev = new int[nJobs];
        subKey = new long[nJobs];
        subOf = new int[nJobs];

        // tenants: map every job's tenant, then reservations per pool
        Tenancy tenancy = cfg.tenancy();
        List<String> resolved = new ArrayList<>(nJobs);
        for (Job job : sorted) {
            String t = tenancy.resolve(job.tenant());
            if (t == null) {
                throw new IllegalArgumentException("job " + job.origin() + " has tenant '" + job.tenant()
                        + "', which is not a configured tenant, not in tenantOf and there is no defaultTenant");
            }
            resolved.add(t);
        }
        tenantSpecs = List.copyOf(tenancy.effectiveTenants(resolved));
        Map<String, Integer> tenantIndex = new java.util.HashMap<>();
        for (int t = 0; t < tenantSpecs.size(); t++) {
            tenantIndex.put(tenantSpecs.get(t).name(), t);
        }
        int nTenants = Math.max(1, tenantSpecs.size());
        long[][] reserved = new long[nTenants][pools.length];
        long[] borrowLimit = new long[nTenants];
        java.util.Arrays.fill(borrowLimit, Long.MAX_VALUE);
        boolean limits = false;
        Map<String, Integer> poolIndex = new java.util.HashMap<>();
        for (Pool pool : pools) {
            poolIndex.put(pool.name, pool.index);
        }
        int[] priorities = new int[nTenants];
        for (int t = 0; t < tenantSpecs.size(); t++) {
            TenantSpec ts = tenantSpecs.get(t);
            borrowLimit[t] = ts.borrowLimitGpus();
            priorities[t] = ts.priority();
            limits |= ts.borrowLimitGpus() != Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : ts.reservedGpus().entrySet()) {
                Integer p = poolIndex.get(e.getKey());
                if (p == null) {
                    throw new IllegalArgumentException("tenant " + ts.name() + " reserves GPUs in '" + e.getKey()
                            + "', which is not a ground site or constellation");
                }
                reserved[t][p] = e.getValue();
                limits |= e.getValue() > 0;
            }
        }
        for (int p = 0; p < pools.length; p++) {
            long sum = 0;
            for (int t = 0; t < nTenants; t++) {
                sum += reserved[t][p];
            }
            if (sum > pools[p].usableGpus) {
                throw new IllegalArgumentException("tenants reserve " + sum + " GPUs in " + pools[p].name
                        + ", which can run only " + pools[p].usableGpus + " at once");
            }
        }
        quota = new Quota(reserved, borrowLimit);
        quotaActive = limits;
        tenantGpuMs = new double[nTenants];
        for (int j = 0; j < nJobs; j++) {
            tenant[j] = tenantIndex.getOrDefault(resolved.get(j), 0);
        }
        policy = QueuePolicies.of(cfg.scheduler(), priorities);
        tenantSlots = (quotaActive || policy.perTenant()) ? nTenants : 1;
        int nSub = policy.classes() * tenantSlots;
        @SuppressWarnings("unchecked")
        TreeSet<Integer>[] sq = new TreeSet[nSub];
        Comparator<Integer> order = (a, b) -> {
            int c = Long.compare(subKey[a], subKey[b]);
            return c != 0 ? c : Integer.compare(a, b);
        };
        for (int k = 0; k < nSub; k++) {
            sq[k] = new TreeSet<>(order);
        }
        subQueues = sq;
        skippedInCycle = new int[nJobs];
        cursorJob = new int[nSub];
        cursorCycle = new int[nSub];
        tenantFifo = policy instanceof QueuePolicies.Fifo || policy instanceof QueuePolicies.Priority
                || policy instanceof QueuePolicies.FairShare || policy instanceof QueuePolicies.Drf;

        int[] gpus = new int[nJobs];
        int[] groups = new int[nJobs];
        for (int j = 0; j < nJobs; j++) {
            gpus[j] = sorted.get(j).gpus();
            groups[j] = quotaActive || !cfg.scheduler().placement().latencyTenants().isEmpty() ? tenant[j] : 0;
        }
        queueIndex = new QueueIndex(gpus, groups);
        java.util.Arrays.fill(startMs, -1);
        java.util.Arrays.fill(endMs, -1);
        java.util.Arrays.fill(poolOf, -1);

        placementSpec = cfg.scheduler().placement();
        timelineList = List.copyOf(timelines);
        latencyTenant = new boolean[nTenants];
        boolean anyLatency = false;
        for (int t = 0; t < tenantSpecs.size(); t++) {
            latencyTenant[t] = placementSpec.latencyTenants().contains(tenantSpecs.get(t).name());
            anyLatency |= latencyTenant[t];
        }
        latencyActive = anyLatency;
        upFreeMs = new long[pools.length];
        downFreeMs = new long[pools.length];
        stagingMs = new long[nJobs];
        outputDownMs = new long[nJobs];
        stagedAtMs = new long[nJobs];
        dataAtPool = new int[nJobs];
        java.util.Arrays.fill(outputDownMs, -1);
        this.constellations = List.copyOf(constellations);
        updateLatencyFilter();
    }

    private final List<OrbitalConstellation> constellations;

    // ---------------------------------------------------------------- inference services

    private static final byte R_PENDING = 0;
    private static final byte R_WAITING = 1;
    private static final byte R_RUNNING = 2;
    private static final byte R_DONE = 3;

    private io.skygrid.workload.InferenceWorkload inference;
    private io.skygrid.workload.InferenceSummary inferenceDemand;
    private int nRep;
    private int[] repService = new int[0];
    private long[] repStart = new long[0];
    private long[] repEnd = new long[0];
    private byte[] repState = new byte[0];
    private int[] repPool = new int[0];
    private int[] repNode = new int[0];
    private Placement[] repPl = new Placement[0];
    private long[] repPlacedMs = new long[0];
    private long[] repFirstPlacedMs = new long[0];
    private long[] repServedMs = new long[0];
    private int[] repEvictions = new int[0];
    private final TreeSet<Integer> repWaiting = new TreeSet<>();
    private io.skygrid.sched.ReplicaSpread[] spread;
    /** per pool: running replicas (orbital pools only, for evictions when a satellite switches off) */
    private TreeSet<Integer>[] repRunning;
    /** per pool: whether inference replicas may go there (ground, or orbit within the latency bound) */
    private boolean[] repAllowed;

    /**
     * Long-running inference replicas served beside the training jobs (call before {@link #run}). A replica is
     * wanted from its start to its end (or the horizon); it takes {@code gpusPerReplica} GPUs on one node, at
     * most {@code maxReplicasPerNode} replicas of its service per node ({@link io.skygrid.sched.ReplicaSpread}),
     * on a ground site or on a constellation whose light time meets the scheduler's {@code latencyBoundMs}
     * (inference is latency-sensitive). Replicas are placed before training jobs in every scheduling cycle
     * (services first), in order of (start, service, replica), ground sites first in scenario order; a replica
     * that finds no room waits and is retried every cycle; one on a satellite that switches off for power is
     * evicted and waits again. Replica times are ms since the trace start, taken as the scenario epoch.
     *
     * @return this
     */
    public Simulation inference(io.skygrid.workload.InferenceWorkload w) {
        this.inference = w;
        this.inferenceDemand = io.skygrid.workload.InferenceSummary.of(w, cfg.horizonMs());
        int n = w.replicas();
        nRep = n;
        repService = new int[n];
        repStart = new long[n];
        repEnd = new long[n];
        int k = 0;
        List<long[]> order = new ArrayList<>(n);
        for (io.skygrid.workload.InferenceService sv : w.services()) {
            for (int i = 0; i < sv.replicas(); i++) {
                order.add(new long[] {sv.replicaStartMs()[i], sv.id(), i});
            }
        }
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        for (long[] o : order) {
            io.skygrid.workload.InferenceService sv = w.services().get((int) o[1]);
            repService[k] = sv.id();
            repStart[k] = o[0];
            repEnd[k] = sv.replicaEndMs()[(int) o[2]];
            k++;
        }
        repState = new byte[n];
        repPool = new int[n];
        repNode = new int[n];
        java.util.Arrays.fill(repPool, -1);
        java.util.Arrays.fill(repNode, -1);
        repPl = new Placement[n];
        repPlacedMs = new long[n];
        repFirstPlacedMs = new long[n];
        java.util.Arrays.fill(repFirstPlacedMs, -1);
        repServedMs = new long[n];
        repEvictions = new int[n];
        spread = new io.skygrid.sched.ReplicaSpread[pools.length];
        @SuppressWarnings("unchecked")
        TreeSet<Integer>[] running = new TreeSet[pools.length];
        for (int p = 0; p < pools.length; p++) {
            spread[p] = new io.skygrid.sched.ReplicaSpread(pools[p].nodes);
            running[p] = new TreeSet<>();
        }
        repRunning = running;
        updateLatencyFilter();
        return this;
    }

    /** Places waiting replicas, in order, where they fit now. */
    private void placeReplicas(long now) {
        java.util.Iterator<Integer> it = repWaiting.iterator();
        while (it.hasNext()) {
            int r = it.next();
            io.skygrid.workload.InferenceService sv = inference.services().get(repService[r]);
            int g = sv.gpusPerReplica();
            for (int p = 0; p < pools.length; p++) {
                Pool pool = pools[p];
                if (!repAllowed[p] || g > pool.nodes.gpusPerNode()
                        || (!pool.orbital && pool.nodes.allocatedGpus() + g > pool.usableGpus)) {
                    continue;
                }
                Placement pl = spread[p].place(sv, nJobs + r);
                if (pl == null) {
                    continue;
                }
                it.remove();
                repState[r] = R_RUNNING;
                repPool[r] = p;
                repNode[r] = pl.nodeIds()[0];
                repPl[r] = pl;
                repPlacedMs[r] = now;
                if (repFirstPlacedMs[r] < 0) {
                    repFirstPlacedMs[r] = now;
                }
                pool.replicaGpus += g;
                pool.activeGpus += g;
                if (pool.orbital) {
                    repRunning[p].add(r);
                    setSatLoads(pool, pl, now, +1);
                }
                if (repEnd[r] < cfg.horizonMs()) {
                    events.push(repEnd[r], EV_REP_END, r, 0);
                }
                break;
            }
        }
    }

    /** Takes a running replica off its node (end of life or eviction). */
    private void unplaceReplica(int r, long now) {
        Pool pool = pools[repPool[r]];
        io.skygrid.workload.InferenceService sv = inference.services().get(repService[r]);
        repServedMs[r] += now - repPlacedMs[r];
        pool.replicaGpus -= sv.gpusPerReplica();
        pool.activeGpus -= sv.gpusPerReplica();
        if (pool.orbital) {
            repRunning[repPool[r]].remove(r);
            setSatLoads(pool, repPl[r], now, -1);
        }
        spread[repPool[r]].release(sv, repPl[r]);
        repPl[r] = null;
    }

    private void replicaEnds(int r, long now) {
        if (repState[r] == R_RUNNING) {
            unplaceReplica(r, now);
        } else if (repState[r] == R_WAITING) {
            repWaiting.remove(r);
        }
        repState[r] = R_DONE;
    }

    /** Satellite s of pool p switched off: its replicas are evicted and wait again. */
    private void evictReplicas(int p, int s, long now) {
        if (repRunning == null || repRunning[p].isEmpty()) {
            return;
        }
        List<Integer> out = new ArrayList<>();
        for (int r : repRunning[p]) {
            if (repNode[r] == s) {
                out.add(r);
            }
        }
        for (int r : out) {
            unplaceReplica(r, now);
            repState[r] = R_WAITING;
            repEvictions[r]++;
            repWaiting.add(r);
        }
    }

    /**
     * Data links for staging (call before {@link #run}): without them, orbital jobs start at once and no output
     * is downlinked.
     *
     * @param plans           one contact plan per constellation, in constellation order
     * @param relay           always-on relay network, or null
     * @param minElevationDeg the stations' elevation mask, degrees (for the latency filter)
     * @return this
     */
    public Simulation dataLinks(List<io.skygrid.orbit.ContactPlan> plans, io.skygrid.fleet.RelayLink relay,
                                double minElevationDeg) {
        if (plans.size() != pools.length - nGround) {
            throw new IllegalArgumentException("one contact plan per constellation");
        }
        this.contactPlans = List.copyOf(plans);
        this.relay = relay;
        this.minElevationDeg = minElevationDeg;
        updateLatencyFilter();
        return this;
    }

    /** Filter for latency-sensitive tenants: ground, or constellations whose light time meets the bound. */
    private void updateLatencyFilter() {
        int nT = latencyTenant.length;
        poolAllowed = new boolean[nT][pools.length];
        maxUsableLatency = 0;
        for (int p = 0; p < pools.length; p++) {
            boolean ok = true;
            if (pools[p].orbital) {
                java.util.OptionalDouble alt = io.skygrid.sched.LatencyBound.altitudeKm(
                        constellations.get(p - nGround).orbit());
                ok = alt.isPresent() && io.skygrid.sched.LatencyBound.orbitMeets(alt.getAsDouble(), minElevationDeg,
                        placementSpec.latencyBoundMs());
            }
            for (int t = 0; t < nT; t++) {
                poolAllowed[t][p] = !latencyTenant[t] || ok;
            }
            if (repAllowed == null || repAllowed.length != pools.length) {
                repAllowed = new boolean[pools.length];
            }
            repAllowed[p] = ok;
            if (ok) {
                maxUsableLatency = Math.max(maxUsableLatency, pools[p].usableGpus - pools[p].lostGpus);
            }
        }
    }

    /** @return whether pool p passes the latency filter for job j */
    private boolean allowed(int j, int p) {
        return !latencyActive || poolAllowed[tenant[j]][p];
    }

    private boolean stopWhenDrained;
    private long drainedAtMs = -1;

    /**
     * Makes {@link #run} end at the first instant at which every job has arrived and ended (completed or
     * rejected) instead of at the horizon; {@link #drainedAtMs()} then gives that instant. The result of such
     * a run stops early and is meant only to find the span: {@link ScenarioRun} simulates that span again.
     *
     * @return this simulation
     */
    public Simulation stopWhenDrained() {
        this.stopWhenDrained = true;
        return this;
    }

    /**
     * @return after {@link #run} with {@link #stopWhenDrained()}: the instant the last job ended (0 without
     *         jobs), ms since the epoch; -1 if jobs were still queued or running at the horizon
     */
    public long drainedAtMs() {
        return drainedAtMs;
    }

    /** Runs to the horizon and returns what happened. May be called once. */
    public SimulationResult run(ProgressListener progress) {
        long horizon = cfg.horizonMs();
        // initial sunlight changes and battery thresholds
        for (int p = nGround; p < pools.length; p++) {
            Pool pool = pools[p];
            initThermal(pool);
            for (int s = 0; s < pool.nodes.nodes(); s++) {
                pool.nodes.setAvailable(s, satOn(pool, s));
                pushSun(p, s, 0);
                pushPowerThreshold(p, s, 0);
                long decay = pool.power.sunlight(s).decayMs();
                if (decay != io.skygrid.orbit.Decay.NEVER && decay < cfg.horizonMs()) {
                    events.push(decay, EV_DECAY, p, s);
                }
            }
        }
        for (int r = 0; r < nRep; r++) {
            if (repStart[r] < cfg.horizonMs()) {
                events.push(repStart[r], EV_REP_START, r, 0);
            }
        }
        if (failureModel != null && failureModel.spec().enabled()) {
            startFailures();
        }
        List<double[]> samples = new ArrayList<>();
        long nextSample = 0;
        int nextArrival = 0;
        progress.start("simulation", horizon / 1000);
        long reportedS = 0;
        long lastInstant = 0;
        while (true) {
            if (stopWhenDrained && nextArrival == nJobs && completed + rejected == nJobs) {
                drainedAtMs = lastInstant;
                break;
            }
            long tArrival = nextArrival < nJobs ? jobs.get(nextArrival).submitMs() : Long.MAX_VALUE;
            long tEvent = Math.min(events.peekTime(), tArrival);
            if (nextSample < horizon && nextSample < tEvent) {
                integrate(nextSample);
                samples.add(sample(nextSample));
                nextSample += cfg.sampleStepMs();
                continue;
            }
            if (tEvent >= horizon) {
                break;
            }
            long now = tEvent;
            lastInstant = now;
            integrate(now);
            boolean dirty = false;
            while (events.peekTime() == now) {
                int type = events.peekType();
                int subject = events.peekSubject();
                int ver = events.peekVersion();
                events.pop();
                eventsProcessed++;
                dirty |= handle(now, type, subject, ver);
            }
            while (nextArrival < nJobs && jobs.get(nextArrival).submitMs() == now) {
                arrive(nextArrival++, now);
                eventsProcessed++;
                dirty = true;
            }
            if (dirty) {
                schedule(now);
            }
            if (cfg.checkInvariants()) {
                checkInvariants(nextArrival);
            }
            long s = now / 1000;
            if (s > reportedS) {
                progress.advance(s - reportedS);
                reportedS = s;
            }
        }
        integrate(horizon);
        // a job whose work ends exactly at the horizon has completed (nothing else happens at the horizon)
        while (events.peekTime() == horizon) {
            int type = events.peekType();
            int subject = events.peekSubject();
            int ver = events.peekVersion();
            events.pop();
            if (type == EV_COMPLETE) {
                handle(horizon, type, subject, ver);
            }
        }
        for (int p = nGround; p < pools.length; p++) {
            Pool pool = pools[p];
            for (int s = 0; s < pool.nodes.nodes(); s++) {
                pool.power.advanceTo(s, horizon);
            }
            pool.energyJ = pool.power.consumedJ();
        }
        // jobs still running at the horizon: their GPU time so far counts for their tenant
        for (int j = 0; j < nJobs; j++) {
            if (state[j] == S_RUNNING) {
                tenantGpuMs[tenant[j]] += (double) jobs.get(j).gpus() * (horizon - resumedMs[j]);
            }
        }
        explainQueuedAt();
        for (TreeSet<Integer> q : subQueues) {
            for (int j : q) {
                waitedMs[j] += horizon - queuedSinceMs[j];
            }
        }
        for (int r = 0; r < nRep; r++) {
            if (repState[r] == R_RUNNING) {
                repServedMs[r] += horizon - repPlacedMs[r];
            }
        }
        // jobs still waiting for their input at the horizon: close their staging time
        for (int j = 0; j < nJobs; j++) {
            if (state[j] == S_STAGING) {
                stagingMs[j] += horizon - stagedAtMs[j];
                stagingGpuMs += (double) jobs.get(j).gpus() * (horizon - stagedAtMs[j]);
            }
        }
        // jobs still paused at the horizon: close their paused time
        for (int j = 0; j < nJobs; j++) {
            if (state[j] == S_PAUSED) {
                pausedMs[j] += horizon - pausedSinceMs[j];
                pools[poolOf[j]].pausedGpuMs += (double) jobs.get(j).gpus() * (horizon - pausedSinceMs[j]);
            }
        }
        progress.advance(horizon / 1000 - reportedS);
        progress.finish();
        return buildResult(samples);
    }

    /**
     * Why each job still queued at the horizon waits, judged on the state at the horizon: its quota, no
     * room for its gang, power, or (it would fit now) the head's reservation / the queue order.
     */
    private void explainQueuedAt() {
        for (TreeSet<Integer> q : subQueues) {
            for (int j : q) {
                WaitReason why;
                if (choosePool(j, cfg.horizonMs(), -1, Long.MAX_VALUE, null) >= 0) {
                    why = easy ? WaitReason.RESERVATION : WaitReason.QUEUE_ORDER;
                } else {
                    why = blockReason(j);
                }
                if (!preemptedWait[j]) waitReason[j] = (byte) why.ordinal();
            }
        }
    }

    // ---------------------------------------------------------------- events

    private boolean handle(long now, int type, int subject, int ver) {
        switch (type) {
            case EV_COMPLETE:
                if (ver != version[subject] || state[subject] != S_RUNNING) {
                    return false;
                }
                complete(subject, now);
                return true;
            case EV_SUN: {
                int p = subject >>> 24;
                int s = subject & 0xFFFFFF;
                boolean changed = powerUpdate(p, s, now);
                if (pools[p].thermNow != null) {
                    changed |= thermalUpdate(p, s, now);
                }
                pushSun(p, s, now);
                return changed;
            }
            case EV_POWER: {
                int p = subject >>> 24;
                int s = subject & 0xFFFFFF;
                if (ver != pools[p].powerVersion[s]) {
                    return false;
                }
                return powerUpdate(p, s, now);
            }
            case EV_DRAINED:
                if (ver != version[subject] || state[subject] != S_DRAINING) {
                    return false;
                }
                drained(subject, now);
                return true;
            case EV_DEMOTE:
                if (ver != version[subject] || state[subject] != S_RUNNING) {
                    return false;
                }
                pushDemotion(subject, now);
                // a job that moved down may now be preempted by waiting jobs of higher queues
                return cfg.scheduler().preemption();
            case EV_STAGED:
                if (ver != version[subject] || state[subject] != S_STAGING) {
                    return false;
                }
                staged(subject, now);
                return false;
            case EV_REP_START:
                repState[subject] = R_WAITING;
                repWaiting.add(subject);
                return true;
            case EV_REP_END:
                replicaEnds(subject, now);
                return true;
            case EV_DATA_WAKE:
                if (now != dataWakeMs) {
                    return false;
                }
                dataWakeMs = -1;
                return true;
            case EV_PREEMPT_WAKE:
                if (now != preemptWakeMs) {
                    return false;
                }
                preemptWakeMs = -1;
                return true;
            case EV_PROMOTE:
                if (ver != version[subject] || state[subject] != S_QUEUED) {
                    return false;
                }
                long since = queuedSinceMs[subject];
                dequeue(subject);
                attainedGpuMs[subject] = 0;
                enqueue(subject, now);
                queuedSinceMs[subject] = since; // the same wait goes on
                return true;
            case EV_FAIL:
                return failuresAt(subject, now);
            case EV_REPAIR:
                removeRepair(pools[subject >>> 24], now);
                return repair(subject >>> 24, subject & 0xFFFFFF, ver);
            case EV_DECAY:
                return decayed(subject, ver, now);
            default:
                throw new IllegalStateException("unknown event type " + type);
        }
    }

    /** Re-evaluates satellite power; returns true if capacity became available. */
    private boolean powerUpdate(int p, int s, long now) {
        Pool pool = pools[p];
        pool.power.advanceTo(s, now);
        boolean changed = pool.power.updatePowered(s, now);
        boolean freed = false;
        if (changed) {
            boolean on = satOn(pool, s);
            pool.nodes.setAvailable(s, on);
            if (on) {
                freed = pool.nodes.free(s) > 0;
                for (int k = 0; k < pool.jobsOnCount[s]; k++) {
                    int j = pool.jobsOn[s][k];
                    if (state[j] == S_PAUSED && allPowered(pool, placement[j])) {
                        resume(j, now);
                    }
                }
            } else {
                for (int k = 0; k < pool.jobsOnCount[s]; k++) {
                    int j = pool.jobsOn[s][k];
                    if (state[j] == S_RUNNING) {
                        pause(j, now);
                    }
                }
                evictReplicas(p, s, now);
            }
        }
        pushPowerThreshold(p, s, now);
        return freed;
    }

    private void pushSun(int p, int s, long now) {
        long next = pools[p].power.sunlight(s).nextChangeAfter(now);
        if (next < cfg.horizonMs()) {
            events.push(next, EV_SUN, (p << 24) | s, 0);
        }
    }

    private void pushPowerThreshold(int p, int s, long now) {
        Pool pool = pools[p];
        int v = ++pool.powerVersion[s];
        long t = pool.power.nextThresholdMs(s, now);
        if (t < cfg.horizonMs()) {
            events.push(t, EV_POWER, (p << 24) | s, v);
        }
    }

    private static boolean allPowered(Pool pool, Placement pl) {
        for (int n : pl.nodeIds()) {
            if (!satOn(pool, n)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- job lifecycle

    private void arrive(int j, long now) {
        submitted++;
        Job job = jobs.get(j);
        if (job.gpus() > maxUsableAnyPool) {
            state[j] = S_REJECTED;
            rejected++;
            reason[j] = "needs " + job.gpus() + " GPUs in one site or cluster; the largest can run "
                    + maxUsableAnyPool + largestPoolNote();
            return;
        }
        if (latencyActive && latencyTenant[tenant[j]] && job.gpus() > maxUsableLatency) {
            state[j] = S_REJECTED;
            rejected++;
            reason[j] = "latency-sensitive: needs " + job.gpus() + " GPUs in one site or cluster within the "
                    + placementSpec.latencyBoundMs() + " ms bound; the largest can run " + maxUsableLatency;
            return;
        }
        if (!canEverFit(j)) {
            // its tenant's quota can never admit it where it would fit
            state[j] = S_REJECTED;
            rejected++;
            reason[j] = rejectReason(j);
            return;
        }
        state[j] = S_QUEUED;
        remainingMs[j] = job.durationMs();
        enqueue(j, now);
    }

    private String largestPoolNote() {
        Pool best = null;
        for (Pool p : pools) {
            if (best == null || p.usableGpus - p.lostGpus > best.usableGpus - best.lostGpus) {
                best = p;
            }
        }
        if (best == null) {
            return "";
        }
        if (best.lostGpus > 0) {
            long lost = best.lostGpus / best.nodes.gpusPerNode();
            return " (" + best.name + ", after losing " + lost + (lost == 1 ? " satellite)" : " satellites)");
        }
        return best.usableGpus < best.nodes.capacity()
                ? " (" + best.name + ", limited by its power cap)" : " (" + best.name + ")";
    }

    /**
     * Capacity shrank for good (a satellite was lost): what can ever fit is re-evaluated, and queued jobs that
     * no pool can ever run again are rejected with the reason instead of waiting (and, without backfill,
     * blocking every job behind them) for good.
     */
    private void capacityLost() {
        long max = 0;
        for (Pool p : pools) {
            max = Math.max(max, p.usableGpus - p.lostGpus);
        }
        maxUsableAnyPool = max;
        if (latencyActive) {
            updateLatencyFilter();
        }
        List<Integer> never = new ArrayList<>();
        for (TreeSet<Integer> q : subQueues) {
            for (int j : q) {
                if (!canEverFit(j)) {
                    never.add(j);
                }
            }
        }
        java.util.Collections.sort(never);
        for (int j : never) {
            dequeue(j);
            state[j] = S_REJECTED;
            rejected++;
            reason[j] = rejectReason(j);
        }
    }

    /**
     * @return whether some pool can ever run job j's gang: it holds that many GPUs (less lost satellites), passes
     * the latency filter, and the tenant's reservation there plus its borrowing limit covers the gang
     */
    private boolean canEverFit(int j) {
        int g = jobs.get(j).gpus();
        int t = tenant[j];
        for (Pool pool : pools) {
            int p = pool.index;
            if (g <= pool.usableGpus - pool.lostGpus && allowed(j, p)
                    && (!quotaActive || quota.borrowLimit(t) == Long.MAX_VALUE || g <= quota.reserved(t, p) + quota.borrowLimit(t))) {
                return true;
            }
        }
        return false;
    }

    /** @return why job j (for which {@link #canEverFit} is false) is rejected */
    private String rejectReason(int j) {
        int g = jobs.get(j).gpus();
        if (g > maxUsableAnyPool) {
            return "needs " + g + " GPUs in one site or cluster; the largest can run " + maxUsableAnyPool + largestPoolNote();
        }
        if (latencyActive && latencyTenant[tenant[j]] && g > maxUsableLatency) {
            return "latency-sensitive: needs " + g + " GPUs in one site or cluster within the "
                    + placementSpec.latencyBoundMs() + " ms bound; the largest can run " + maxUsableLatency;
        }
        return "tenant " + tenantSpecs.get(tenant[j]).name() + "'s quota can never admit " + g + " GPUs in a site or "
                + "cluster that holds them: its reservation there plus its borrowing limit of "
                + quota.borrowLimit(tenant[j]) + " GPUs is less";
    }

    private void start(int j, int p, long now) {
        Pool pool = pools[p];
        Job job = jobs.get(j);
        Placement pl = pool.nodes.place(job.gpus(), j, oneClusterOnly(pool, job));
        if (pl == null) {
            throw new IllegalStateException("placement failed after feasibility check for job " + job.id());
        }
        dequeue(j);
        waitedMs[j] += now - queuedSinceMs[j];
        preemptedWait[j] = false;
        placement[j] = pl;
        poolOf[j] = p;
        if (startMs[j] < 0) {
            startMs[j] = now;
            if (now > job.submitMs() && waitReason[j] == 0) {
                waitReason[j] = (byte) WaitReason.QUEUE_ORDER.ordinal();
            }
        }
        running++;
        quota.take(tenant[j], p, job.gpus());
        allocLink(pool, j);
        if (pool.orbital) {
            for (int n : pl.nodeIds()) {
                addJobOn(pool, n, j);
            }
        }
        if (pool.orbital) {
            long ready = uplinkDoneMs(j, p, pl, now);
            if (ready > now) {
                // the gang holds its satellites while its input is uplinked (data staging)
                state[j] = S_STAGING;
                stagedAtMs[j] = now;
                waitReason[j] = (byte) WaitReason.DATA.ordinal();
                stagedJobs++;
                if (ready < cfg.horizonMs()) {
                    events.push(ready, EV_STAGED, j, ++version[j]);
                }
                return;
            }
        }
        // placed only on powered satellites, so the gang runs at once
        state[j] = S_PAUSED;
        pausedSinceMs[j] = now;
        resume(j, now);
    }

    /**
     * Books the uplink of job j's input to orbital pool p (see {@link io.skygrid.sched.PlacementSpec}): through
     * the contact plan after the transfers booked before it, or the relay if that is sooner.
     *
     * @return when the input is on board, ms ({@link io.skygrid.orbit.RateProfile#BEYOND_HORIZON} if never)
     */
    private long uplinkDoneMs(int j, int p, Placement pl, long now) {
        if (contactPlans == null || dataAt(j) == p) {
            return now;
        }
        double bytes = placementSpec.inputBytes(jobs.get(j).gpus(), cfg.checkpoint());
        dataAtPool[j] = p + 1;
        if (!(bytes > 0)) {
            return now;
        }
        long viaContacts = contactPlans.get(p - nGround).earliestUplinkAnyMs(Math.max(now, upFreeMs[p]), bytes);
        if (relay != null) {
            long viaRelay = relay.deliveryMs(now, bytes, relaySatellites(jobs.get(j).gpus(), p));
            if (viaRelay <= viaContacts) {
                return viaRelay;
            }
        }
        upFreeMs[p] = viaContacts;
        return viaContacts;
    }

    /** @return the pool holding job j's input, or -1 */
    private int dataAt(int j) {
        return dataAtPool[j] - 1;
    }

    /** Job j's input is on board: it computes once all its satellites are powered. */
    private void staged(int j, long now) {
        stagingMs[j] += now - stagedAtMs[j];
        stagingGpuMs += (double) jobs.get(j).gpus() * (now - stagedAtMs[j]);
        state[j] = S_PAUSED;
        pausedSinceMs[j] = now;
        if (allPowered(pools[poolOf[j]], placement[j])) {
            resume(j, now);
        }
    }

    /** Books the downlink of completed job j's output from orbital pool p; records when it is on the ground. */
    private void downlinkOutput(int j, int p, long now) {
        if (contactPlans == null) {
            return;
        }
        double bytes = placementSpec.outputBytes(jobs.get(j).gpus(), cfg.checkpoint());
        if (!(bytes > 0)) {
            outputDownMs[j] = now;
            return;
        }
        long viaContacts = contactPlans.get(p - nGround).earliestDownlinkAnyMs(Math.max(now, downFreeMs[p]), bytes);
        long t = viaContacts;
        if (relay != null) {
            long viaRelay = relay.deliveryMs(now, bytes, relaySatellites(jobs.get(j).gpus(), p));
            t = Math.min(t, viaRelay);
        }
        if (t == viaContacts) {
            downFreeMs[p] = viaContacts;
        }
        outputDownMs[j] = t < cfg.horizonMs() ? t : -1;
    }

    /**
     * The orbital placement rule ({@link io.skygrid.sched.OrbitalPlacement#oneClusterOnly}) where it applies: a
     * tightly coupled gang stays inside one formation cluster of a formation constellation. Walker shells, planes
     * and TLE catalogues have one satellite per cluster, so the rule would keep every multi-satellite gang off them;
     * their gangs span satellites over ISLs instead (treated as loosely coupled). With
     * {@link io.skygrid.sched.OrbitalPlacement#topology} a formation constellation is a single cluster, so
     * feasibility ({@link Pool#canStart}) and placement agree.
     */
    private static boolean oneClusterOnly(Pool pool, Job job) {
        return pool.formationClusters && io.skygrid.sched.OrbitalPlacement.oneClusterOnly(job);
    }

    private void resume(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        pausedMs[j] += now - pausedSinceMs[j];
        pool.pausedGpuMs += (double) job.gpus() * (now - pausedSinceMs[j]);
        beginSegment(j, now);
    }

    /** Starts a run segment of placed job j at {@code now}, at the rate its satellites' thermal state allows. */
    private void beginSegment(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        state[j] = S_RUNNING;
        resumedMs[j] = now;
        doneAtResumeMs[j] = doneMs[j];
        restoreAtResumeMs[j] = restoreLeftMs[j];
        pool.activeGpus += job.gpus();
        rate[j] = pool.thermNow == null ? 1.0 : jobRate(pool, placement[j]);
        long end = expectedEnd(j);
        pool.endings.merge(end, (long) job.gpus(), Long::sum);
        events.push(end, EV_COMPLETE, j, ++version[j]);
        if (pool.orbital) {
            setSatLoads(pool, placement[j], now, +1);
        }
        pushDemotion(j, now);
    }

    /** Tiresias: an event when the running job's attained service reaches its queue's threshold. */
    private void pushDemotion(int j, long now) {
        if (!(policy instanceof QueuePolicies.Tiresias las)) {
            return;
        }
        double attained = view.attainedGpuMs(j, now);
        double next = las.nextThresholdGpuMs(las.level(attained));
        if (Double.isInfinite(next)) {
            return;
        }
        long dt = Math.max(1, (long) Math.ceil((next - attained) / jobs.get(j).gpus()));
        long at = now + dt;
        if (at < expectedEnd(j) && at < cfg.horizonMs()) {
            events.push(at, EV_DEMOTE, j, version[j]);
        }
    }

    /** Ends the current run segment at {@code now}: progress, restore, attained service, GPU time. */
    private void endSegment(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        long elapsed = now - resumedMs[j];
        long end = expectedEnd(j);
        removeEnding(pool, end, job.gpus());
        long worked = workedMs(j, now, end);
        pool.throttledGpuMs += (double) job.gpus() * (elapsed - worked);
        long restore = Math.min(worked, restoreLeftMs[j]);
        restoreLeftMs[j] -= restore;
        doneMs[j] += worked - restore;
        remainingMs[j] -= worked;
        attainedGpuMs[j] += (double) job.gpus() * elapsed;
        executedMs[j] += elapsed;
        tenantGpuMs[tenant[j]] += (double) job.gpus() * elapsed;
        version[j]++;
        pool.activeGpus -= job.gpus();
        if (pool.orbital) {
            setSatLoads(pool, placement[j], now, -1);
        }
    }

    private void pause(int j, long now) {
        endSegment(j, now);
        // a gang paused for power checkpoints as it stops (no work lost; the write runs on the battery reserve kept
        // by the depth-of-discharge limit); when it resumes it restores that checkpoint first, at the storage
        // bandwidth of the checkpoint model (CheckpointSpec.transferMs): that time is added to its remaining run
        checkpointMs[j] = doneMs[j];
        long restore = cfg.checkpoint().transferMs(jobs.get(j).gpus());
        if (restore > restoreLeftMs[j]) {
            remainingMs[j] += restore - restoreLeftMs[j];
            restoreLeftMs[j] = restore;
        }
        state[j] = S_PAUSED;
        pausedSinceMs[j] = now;
    }

    private void complete(int j, long now) {
        endSegment(j, now);
        remainingMs[j] = 0;
        state[j] = S_DONE;
        endMs[j] = now;
        completed++;
        release(j);
        if (pools[poolOf[j]].orbital) {
            downlinkOutput(j, poolOf[j], now);
        }
    }

    /** Frees a job's GPUs, quota and satellites. */
    private void release(int j) {
        Pool pool = pools[poolOf[j]];
        running--;
        quota.give(tenant[j], pool.index, jobs.get(j).gpus());
        allocUnlink(pool, j);
        if (pool.orbital) {
            for (int n : placement[j].nodeIds()) {
                removeJobOn(pool, n, j);
            }
        }
        pool.nodes.release(placement[j]);
    }

    /**
     * Preempts running job {@code j}: it stops computing now and loses the progress since its last
     * checkpoint; if a checkpoint write started in this run segment is not yet durable, it keeps its GPUs
     * until it is (then {@link #drained}); otherwise it releases them at once and waits in the queue.
     */
    private void preempt(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        int g = job.gpus();
        endSegment(j, now);
        CheckpointSpec ck = cfg.checkpoint();
        long interval = ck.classOf(g).intervalMs();
        long writeMs = ck.transferMs(g);
        long done = doneMs[j];
        long last = Math.max(checkpointMs[j], (done / interval) * interval);
        long drainEnd = now;
        if (last > doneAtResumeMs[j]) {
            // the write of checkpoint 'last' began when progress reached it in this segment
            long began = resumedMs[j] + restoreAtResumeMs[j] + (last - doneAtResumeMs[j]);
            drainEnd = Math.max(now, began + writeMs);
        }
        long lost = done - last;
        ckBeforeDrainMs[j] = drainEnd > now ? Math.max(checkpointMs[j], last - interval) : last;
        checkpointMs[j] = last;
        doneMs[j] = last;
        restoreLeftMs[j] = last > 0 ? writeMs : 0;
        remainingMs[j] = restoreLeftMs[j] + job.durationMs() - last;
        double lostMs = (double) g * (lost + (drainEnd - now) + restoreLeftMs[j]);
        lostGpuMs[j] += lostMs;
        lostGpuMsTotal += lostMs;
        preemptions[j]++;
        preemptionCount++;
        waitReason[j] = (byte) WaitReason.PREEMPTED.ordinal();
        preemptedWait[j] = true;
        if (drainEnd > now) {
            state[j] = S_DRAINING;
            drainEndMs[j] = drainEnd;
            pool.drainingGpus += g;
            pool.endings.merge(drainEnd, (long) g, Long::sum);
            events.push(drainEnd, EV_DRAINED, j, version[j]);
        } else {
            release(j);
            state[j] = S_QUEUED;
            enqueue(j, now);
        }
    }

    /** A preempted job's checkpoint is durable: it frees its GPUs and queues again. */
    private void drained(int j, long now) {
        Pool pool = pools[poolOf[j]];
        int g = jobs.get(j).gpus();
        removeEnding(pool, drainEndMs[j], g);
        pool.drainingGpus -= g;
        release(j);
        state[j] = S_QUEUED;
        enqueue(j, now);
    }

    private void allocLink(Pool pool, int j) {
        aPrev[j] = -1;
        aNext[j] = pool.allocHead;
        if (pool.allocHead >= 0) {
            aPrev[pool.allocHead] = j;
        }
        pool.allocHead = j;
    }

    private void allocUnlink(Pool pool, int j) {
        if (aPrev[j] >= 0) {
            aNext[aPrev[j]] = aNext[j];
        } else {
            pool.allocHead = aNext[j];
        }
        if (aNext[j] >= 0) {
            aPrev[aNext[j]] = aPrev[j];
        }
    }

    /** One failed device of {@code pool} due back at {@code at} has been repaired (or its node was lost). */
    private static void removeRepair(Pool pool, long at) {
        Long left = pool.repairs.get(at);
        if (left == null) {
            throw new IllegalStateException(pool.name + ": no repair due at " + at);
        }
        if (left == 1) {
            pool.repairs.remove(at);
        } else {
            pool.repairs.put(at, left - 1);
        }
    }

    private static void removeEnding(Pool pool, long end, long gpus) {
        Long left = pool.endings.get(end);
        if (left == null || left < gpus) {
            throw new IllegalStateException(pool.name + ": no running job ends at " + end);
        }
        if (left == gpus) {
            pool.endings.remove(end);
        } else {
            pool.endings.put(end, left - gpus);
        }
    }

    private void setSatLoads(Pool pool, Placement pl, long now, int sign) {
        int p = pool.index;
        for (int k = 0; k < pl.nodeIds().length; k++) {
            int s = pl.nodeIds()[k];
            pool.power.advanceTo(s, now);
            pool.power.setBusyGpus(s, pool.power.busyGpus(s) + sign * pl.counts()[k]);
            pushPowerThreshold(p, s, now);
        }
    }

    private static void addJobOn(Pool pool, int s, int j) {
        int[] list = pool.jobsOn[s];
        if (list == null) {
            list = new int[Math.max(1, pool.nodes.gpusPerNode())];
            pool.jobsOn[s] = list;
        }
        list[pool.jobsOnCount[s]++] = j;
    }

    private static void removeJobOn(Pool pool, int s, int j) {
        int[] list = pool.jobsOn[s];
        int n = pool.jobsOnCount[s];
        for (int k = 0; k < n; k++) {
            if (list[k] == j) {
                list[k] = list[n - 1];
                pool.jobsOnCount[s] = n - 1;
                return;
            }
        }
        throw new IllegalStateException("job " + j + " not on satellite " + s);
    }

    // ---------------------------------------------------------------- scheduling

    private void schedule(long now) {
        schedulingCycles++;
        if (!repWaiting.isEmpty()) {
            placeReplicas(now);
        }
        int cycle = (int) schedulingCycles;
        // QueueSort -> Filter -> Score -> Reserve/Bind, job by job in policy order
        int head = -1;
        int preemptedFor = -1;
        while (true) {
            int j = pickHead(cycle, now);
            if (j < 0) {
                break;
            }
            int p = choosePool(j, now, -1, Long.MAX_VALUE, null);
            if (p >= 0) {
                start(j, p, now);
                continue;
            }
            WaitReason why = blockReason(j);
            if (!preemptedWait[j]) waitReason[j] = (byte) why.ordinal();
            if (why == WaitReason.DATA) {
                pushDataWake(j, now);
            }
            if (why == WaitReason.QUOTA) {
                // not ready: its tenant's quota, not capacity, holds it; the rest of the queue (its own
                // sub-queue included) goes on
                skippedInCycle[j] = cycle;
                continue;
            }
            // PostFilter: preemption, once per cycle; the job starts at once if its victims freed their GPUs,
            // else it holds the reservation below until their checkpoints are written
            if (cfg.scheduler().preemption() && preemptedFor < 0 && preemptFor(j, now)) {
                preemptedFor = j;
                p = choosePool(j, now, -1, Long.MAX_VALUE, null);
                if (p >= 0) {
                    start(j, p, now);
                    continue;
                }
            }
            head = j;
            break;
        }
        if (head < 0 || !easy) {
            return;
        }
        backfill(head, now);
    }

    /**
     * @return the first queued job in policy order, or -1. Jobs their tenant's quota cannot admit are passed
     * over (never dropped: they are looked at again next cycle), so they hold up no one behind them.
     */
    private int pickHead(int cycle, long now) {
        int best = -1;
        boolean bestWithin = false;
        for (int k = 0; k < subQueues.length; k++) {
            TreeSet<Integer> q = subQueues[k];
            if (q.isEmpty()) {
                continue;
            }
            int j;
            if (!quotaActive) {
                j = q.first();
            } else if (tenantFifo) {
                j = firstAdmissible(k % tenantSlots, cycle);
            } else {
                j = firstAdmissibleByWalk(k, q, cycle);
            }
            if (j < 0) {
                continue;
            }
            // jobs that stay within their tenant's reservation go before jobs that would borrow (as Kueue
            // admits non-borrowing workloads first): freed reserved GPUs go back to their owner rather than
            // being lent and reclaimed by preemption in the same instant
            boolean within = quotaActive && withinReservation(j);
            if (best < 0 || (within && !bestWithin) || (within == bestWithin && policy.before(j, best, view, now))) {
                best = j;
                bestWithin = within;
            }
        }
        return best;
    }

    /** @return whether job j fits its tenant's unused reservation in some pool */
    private boolean withinReservation(int j) {
        int g = jobs.get(j).gpus();
        for (int p = 0; p < pools.length; p++) {
            if (quota.withinReserved(tenant[j], p, g)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sub-queues in submission order, one per tenant (fifo, priority, fairshare, drf): the tenant's earliest
     * queued job whose gang fits its quota headroom, found per gang size with the queue index, O(sizes log n).
     */
    private int firstAdmissible(int t, int cycle) {
        long room = quota.headroom(t);
        int best = -1;
        int first = -1;
        for (int c = 0; c < queueIndex.classes(); c++) {
            if (queueIndex.group(c) != t || !queueIndex.hasQueued(c)) {
                continue;
            }
            if (queueIndex.size(c) > room) {
                // over the quota: note it on the tenant's first waiting job (the one a user asks about)
                int cand = queueIndex.first(c, 0, Long.MAX_VALUE - 1);
                if (cand >= 0 && (first < 0 || cand < first)) {
                    first = cand;
                }
                continue;
            }
            int cand = queueIndex.first(c, 0, Long.MAX_VALUE - 1);
            while (cand >= 0 && skippedInCycle[cand] == cycle) {
                cand = queueIndex.first(c, cand + 1, Long.MAX_VALUE - 1);
            }
            if (cand >= 0 && (best < 0 || cand < best)) {
                best = cand;
            }
        }
        if (first >= 0 && (best < 0 || first < best)) {
            if (!preemptedWait[first]) waitReason[first] = (byte) WaitReason.QUOTA.ordinal();
        }
        return best;
    }

    /**
     * Other sub-queues (tiresias, srtf): walk the sub-queue past jobs over their tenant's quota, resuming
     * within a cycle where the last walk stopped, so a cycle walks each sub-queue once.
     */
    private int firstAdmissibleByWalk(int k, TreeSet<Integer> q, int cycle) {
        Integer j = cursorCycle[k] == cycle && cursorJob[k] >= 0 && state[cursorJob[k]] == S_QUEUED
                && subOf[cursorJob[k]] == k ? Integer.valueOf(cursorJob[k]) : q.first();
        while (j != null && (skippedInCycle[j] == cycle || jobs.get(j).gpus() > quota.headroom(tenant[j]))) {
            if (skippedInCycle[j] != cycle) {
                if (!preemptedWait[j]) waitReason[j] = (byte) WaitReason.QUOTA.ordinal();
                skippedInCycle[j] = cycle;
            }
            j = q.higher(j);
        }
        cursorCycle[k] = cycle;
        cursorJob[k] = j == null ? -1 : j;
        return j == null ? -1 : j;
    }

    /** Why queued job j cannot start now (it has already failed {@link #choosePool}). */
    private WaitReason blockReason(int j) {
        int g = jobs.get(j).gpus();
        boolean power = false;
        for (Pool pool : pools) {
            if (!allowed(j, pool.index)) {
                continue;
            }
            if (pool.canStart(g)) {
                // it fits: held by its quota, or by its input's uplink
                return quotaActive && !quota.admits(tenant[j], pool.index, g) ? WaitReason.QUOTA : WaitReason.DATA;
            }
            // failed devices are never held (a hit job releases its gang at once): they are idle and out of service
            if (pool.nodes.capacity() - pool.nodes.allocatedGpus() - pool.nodes.failedGpus() >= g && pool.usableGpus >= g) {
                power = true;
            }
        }
        return power ? WaitReason.POWER : WaitReason.NO_GANG_FITS;
    }

    /**
     * PostFilter: frees room for job {@code h} by preempting running jobs in the first pool where enough
     * victims exist: jobs its policy ranks below it, or, where {@code h} stays within its tenant's
     * reservation, jobs of tenants borrowing in that pool. Victims are taken most recently started first.
     *
     * @return whether jobs were preempted
     */
    private boolean preemptFor(int h, long now) {
        int g = jobs.get(h).gpus();
        int t = tenant[h];
        // earliest end of an exemption that held a would-be victim back
        long exemptEnd = Long.MAX_VALUE;
        for (int p = 0; p < pools.length; p++) {
            Pool pool = pools[p];
            if (pool.usableGpus < g || (quotaActive && !quota.admits(t, p, g)) || !allowed(h, p)
                    || (pool.orbital && dataAt(h) != p && !dataInTime(g, p, now))) {
                continue;
            }
            long avail = pool.freeUsable() + pool.drainingGpus;
            if (avail >= g) {
                // room is on its way (checkpoints being written) or only fragmented: no further victims
                return false;
            }
            boolean reclaim = quotaActive && quota.withinReserved(t, p, g);
            List<Integer> victims = new ArrayList<>();
            long exempt = cfg.scheduler().preemptExemptMs();
            for (int v = pool.allocHead; v >= 0; v = aNext[v]) {
                if (state[v] == S_RUNNING && ((reclaim && tenant[v] != t && quota.borrowing(tenant[v], p))
                        || policy.mayPreempt(h, v, p, view, now))) {
                    if (now - resumedMs[v] >= exempt) {
                        victims.add(v);
                    } else {
                        // exempt for now: no event of its own may fall when the exemption ends, so ask for one
                        exemptEnd = Math.min(exemptEnd, resumedMs[v] + exempt);
                    }
                }
            }
            victims.sort((a, b) -> resumedMs[a] != resumedMs[b] ? Long.compare(resumedMs[b], resumedMs[a])
                    : Integer.compare(b, a));
            long freed = avail;
            int take = 0;
            while (take < victims.size() && freed < g) {
                freed += jobs.get(victims.get(take++)).gpus();
            }
            if (freed < g) {
                continue;
            }
            for (int k = 0; k < take; k++) {
                preempt(victims.get(k), now);
            }
            return true;
        }
        if (exemptEnd < cfg.horizonMs() && (preemptWakeMs <= now || exemptEnd < preemptWakeMs)) {
            preemptWakeMs = exemptEnd;
            events.push(exemptEnd, EV_PREEMPT_WAKE, 0, 0);
        }
        return false;
    }

    /**
     * EASY backfill: {@code head} gets a reservation at the earliest instant enough GPUs free up in some
     * pool (counting running jobs' expected ends and draining victims); other queued jobs, in submission
     * order, start now if they do not delay it.
     */
    private void backfill(int head, long now) {
        int resPool = -1;
        long shadow = Long.MAX_VALUE;
        long extra = 0;
        int g = jobs.get(head).gpus();
        for (int p = 0; p < pools.length; p++) {
            Pool pool = pools[p];
            if (pool.usableGpus < g || !allowed(head, p)) {
                continue;
            }
            // GPUs come back as running jobs end and as failed devices are repaired: walk both in time order
            long free = pool.freeUsable();
            java.util.Iterator<Map.Entry<Long, Long>> ends = pool.endings.entrySet().iterator();
            java.util.Iterator<Map.Entry<Long, Long>> fixes = pool.repairs.entrySet().iterator();
            Map.Entry<Long, Long> e = ends.hasNext() ? ends.next() : null;
            Map.Entry<Long, Long> f = fixes.hasNext() ? fixes.next() : null;
            while (e != null || f != null) {
                long at;
                if (f == null || (e != null && e.getKey() <= f.getKey())) {
                    at = e.getKey();
                    free += e.getValue();
                    e = ends.hasNext() ? ends.next() : null;
                } else {
                    at = f.getKey();
                    free += f.getValue();
                    f = fixes.hasNext() ? fixes.next() : null;
                }
                if (free >= g && (e == null || e.getKey() != at) && (f == null || f.getKey() != at)) {
                    if (at < shadow) {
                        shadow = at;
                        resPool = p;
                        extra = free - g;
                    }
                    break;
                }
            }
        }
        // Start, in submission order, every job that qualifies. The queue index finds the earliest qualifying
        // job per class (gang size, and tenant when quotas apply) directly, which is the job a
        // front-to-back scan would pick. The head itself is taken out of the index meanwhile.
        queueIndex.remove(head);
        long[] extraLeft = {extra};
        while (true) {
            long maxFree = maxFreeUsable();
            if (maxFree == 0) {
                break;
            }
            int best = -1;
            for (int c = 0; c < queueIndex.classes() && queueIndex.size(c) <= maxFree; c++) {
                if (!queueIndex.hasQueued(c)) {
                    continue;
                }
                int size = queueIndex.size(c);
                int t = queueIndex.group(c);
                boolean elsewhere = false;
                boolean inReserved = false;
                for (int p = 0; p < pools.length && !elsewhere; p++) {
                    if (pools[p].canStart(size) && (!quotaActive || quota.admits(t, p, size))
                            && (!latencyActive || poolAllowed[t][p])
                            && (!pools[p].orbital || dataInTime(size, p, now))) {
                        if (p == resPool) {
                            inReserved = true;
                        } else {
                            elsewhere = true;
                        }
                    }
                }
                int candidate;
                if (elsewhere || (inReserved && size <= extraLeft[0])) {
                    candidate = queueIndex.first(c, 0, Long.MAX_VALUE - 1);
                } else if (inReserved) {
                    candidate = queueIndex.first(c, 0, shadow - now);
                } else {
                    continue;
                }
                if (candidate >= 0 && (best < 0 || candidate < best)) {
                    best = candidate;
                }
            }
            if (best < 0) {
                break;
            }
            int p = choosePool(best, now, resPool, shadow, extraLeft);
            if (p < 0) {
                throw new IllegalStateException("backfill candidate " + jobs.get(best).id() + " has no pool");
            }
            if (p == resPool && now + remainingMs[best] > shadow) {
                extraLeft[0] -= jobs.get(best).gpus();
            }
            start(best, p, now);
        }
        queueIndex.add(head, remainingMs[head]);
    }

    private long maxFreeUsable() {
        long maxFree = 0;
        for (Pool pool : pools) {
            maxFree = Math.max(maxFree, pool.freeUsable());
        }
        return maxFree;
    }

    /**
     * Filter and Score: the first pool where job {@code j} can start now, within its tenant's quota and
     * without breaking the reservation ({@code resPool}, {@code shadow}, {@code extraLeft}).
     *
     * @return the pool, or -1 if none
     */
    private int choosePool(int j, long now, int resPool, long shadow, long[] extraLeft) {
        int g = jobs.get(j).gpus();
        if (placementSpec.sunFollowing() && pools.length > nGround && !(latencyActive && latencyTenant[tenant[j]])) {
            // Score (sun-following): steady constellations by outlook, then ground sites by free GPUs, then the rest
            int[] order = sunOrder(now);
            for (int k = 0; k < sunSteadyCount; k++) {
                if (passes(j, g, order[k], now, resPool, shadow, extraLeft)) {
                    return order[k];
                }
            }
            int best = -1;
            long bestFree = -1;
            for (int p = 0; p < nGround; p++) {
                if (passes(j, g, p, now, resPool, shadow, extraLeft) && pools[p].freeUsable() > bestFree) {
                    best = p;
                    bestFree = pools[p].freeUsable();
                }
            }
            if (best >= 0) {
                return best;
            }
            for (int k = sunSteadyCount; k < order.length; k++) {
                if (passes(j, g, order[k], now, resPool, shadow, extraLeft)) {
                    return order[k];
                }
            }
            return -1;
        }
        // Score (first-fit): the first passing pool in scenario order
        for (int p = 0; p < pools.length; p++) {
            if (passes(j, g, p, now, resPool, shadow, extraLeft)) {
                return p;
            }
        }
        return -1;
    }

    /** Filter: job j (g GPUs) can start in pool p now, within quota, latency bound and the reservation. */
    private boolean passes(int j, int g, int p, long now, int resPool, long shadow, long[] extraLeft) {
        if (!pools[p].canStart(g)) {
            return false;
        }
        if (quotaActive && !quota.admits(tenant[j], p, g)) {
            return false;
        }
        if (!allowed(j, p)) {
            return false;
        }
        if (p == resPool && now + remainingMs[j] > shadow && g > extraLeft[0]) {
            return false;
        }
        return !pools[p].orbital || dataAt(j) == p || dataInTime(g, p, now);
    }

    /**
     * Job j fits only where its input cannot arrive within the staging bound: wake the scheduler when it could
     * (uplinks booked so far only end later, so the time is never too early to matter, at worst too early).
     */
    private void pushDataWake(int j, long now) {
        int g = jobs.get(j).gpus();
        long wake = Long.MAX_VALUE;
        for (int p = nGround; p < pools.length; p++) {
            if (pools[p].canStart(g) && allowed(j, p) && (!quotaActive || quota.admits(tenant[j], p, g))) {
                long est = uplinkEstimateMs(g, p, now);
                if (est != io.skygrid.orbit.RateProfile.BEYOND_HORIZON) {
                    wake = Math.min(wake, est - placementSpec.maxStagingMs());
                }
            }
        }
        if (wake > now && wake < cfg.horizonMs() && (dataWakeMs < 0 || wake < dataWakeMs)) {
            dataWakeMs = wake;
            events.push(wake, EV_DATA_WAKE, 0, 0);
        }
    }

    /** Filter (data): the input of a g-GPU job would be on board pool p within the staging bound. */
    private boolean dataInTime(int g, int p, long now) {
        return contactPlans == null || uplinkEstimateMs(g, p, now) - now <= placementSpec.maxStagingMs();
    }

    /** When a g-GPU job's input would be on board orbital pool p, after the uplinks already booked, ms. */
    private long uplinkEstimateMs(int g, int p, long now) {
        double bytes = placementSpec.inputBytes(g, cfg.checkpoint());
        if (!(bytes > 0)) {
            return now;
        }
        long from = Math.max(now, upFreeMs[p]);
        // a small cache per pool: the scheduler asks the same (start, volume) many times within one instant
        int slot = (int) ((Double.doubleToLongBits(bytes) ^ (Double.doubleToLongBits(bytes) >>> 29)) & 7);
        int c = p * 8 + slot;
        if (estFrom != null && estFrom[c] == from && estBytes[c] == bytes) {
            return relay == null ? estResult[c] : Math.min(estResult[c], relay.deliveryMs(now, bytes, relaySatellites(g, p)));
        }
        if (estFrom == null) {
            estFrom = new long[pools.length * 8];
            java.util.Arrays.fill(estFrom, -1);
            estBytes = new double[pools.length * 8];
            estResult = new long[pools.length * 8];
        }
        long t = contactPlans.get(p - nGround).earliestUplinkAnyMs(from, bytes);
        estFrom[c] = from;
        estBytes[c] = bytes;
        estResult[c] = t;
        if (relay != null) {
            t = Math.min(t, relay.deliveryMs(now, bytes, relaySatellites(g, p)));
        }
        return t;
    }

    private long[] estFrom;
    private double[] estBytes;
    private long[] estResult;

    /** Satellites a g-GPU gang spans at least (the relay brings bandwidth per satellite). */
    private int relaySatellites(int g, int p) {
        int per = Math.max(1, pools[p].nodes.gpusPerNode());
        return Math.max(1, (g + per - 1) / per);
    }

    /**
     * Constellation pools (indices into {@code pools}) ranked by {@link io.skygrid.sched.SunFollowing} over the
     * coming outlook window; the first {@link #sunSteadyCount} reach the steady-sun fraction. Recomputed every
     * outlook window of simulated time.
     */
    private int[] sunOrder(long now) {
        long horizon = cfg.horizonMs();
        if (sunOrder == null || (now >= sunOrderUntilMs && now < horizon)) {
            long from = Math.min(now, horizon - 1);
            List<ConstellationPower> power = new ArrayList<>();
            for (int p = nGround; p < pools.length; p++) {
                power.add(pools[p].power);
            }
            List<io.skygrid.sched.SunFollowing.Outlook> ranked = io.skygrid.sched.SunFollowing.rank(timelineList,
                    power, from, placementSpec.outlookWindowMs());
            int[] order = new int[ranked.size()];
            int steady = 0;
            for (int k = 0; k < ranked.size(); k++) {
                order[k] = nGround + ranked.get(k).pool();
                if (ranked.get(k).sunlitFraction() >= placementSpec.steadySunFraction()) {
                    steady++;
                }
            }
            sunOrder = order;
            sunSteadyCount = steady;
            sunOrderUntilMs = from + placementSpec.outlookWindowMs();
        }
        return sunOrder;
    }

    private void enqueue(int j, long now) {
        int cls = policy.classOf(j, view, now);
        int k = cls * tenantSlots + (tenantSlots > 1 ? tenant[j] : 0);
        subKey[j] = policy.keyWithinClass(j, view, now);
        subOf[j] = k;
        subQueues[k].add(j);
        cursorCycle[k] = 0; // a job may have joined before the walk's cursor
        qSize++;
        queuedSinceMs[j] = now;
        queueIndex.add(j, remainingMs[j]);
        version[j]++;
        long promote = policy.promoteAfterMs(j, executedMs[j], view, now);
        if (promote > 0 && now + promote < cfg.horizonMs()) {
            events.push(now + promote, EV_PROMOTE, j, version[j]);
        }
    }

    private void dequeue(int j) {
        if (!subQueues[subOf[j]].remove(j)) {
            throw new IllegalStateException("job " + jobs.get(j).id() + " is not queued");
        }
        qSize--;
        queueIndex.remove(j);
    }

    /** The scheduler's view for queue policies. */
    private final class View implements SchedView {
        @Override
        public int gpus(int j) {
            return jobs.get(j).gpus();
        }

        @Override
        public int tenantOf(int j) {
            return tenant[j];
        }

        @Override
        public long remainingMs(int j, long now) {
            return state[j] == S_RUNNING ? remainingMs[j] - workedMs(j, now, expectedEnd(j)) : remainingMs[j];
        }

        @Override
        public double attainedGpuMs(int j, long now) {
            return state[j] == S_RUNNING ? attainedGpuMs[j] + (double) jobs.get(j).gpus() * (now - resumedMs[j])
                    : attainedGpuMs[j];
        }

        @Override
        public int tenants() {
            return quota.tenants();
        }

        @Override
        public double weight(int t) {
            return t < tenantSpecs.size() ? tenantSpecs.get(t).weight() : 1.0;
        }

        @Override
        public int priority(int t) {
            return t < tenantSpecs.size() ? tenantSpecs.get(t).priority() : 0;
        }

        @Override
        public int pools() {
            return pools.length;
        }

        @Override
        public long capacityGpus(int p) {
            return pools[p].usableGpus;
        }

        @Override
        public long heldGpus(int t, int p) {
            return quota.held(t, p);
        }

        @Override
        public long heldGpus(int t) {
            return quota.held(t);
        }
    }

    // ---------------------------------------------------------------- failures

    /**
     * Turns failures on for this run (call before {@link #run}): accelerator failures, radiation faults and
     * satellite losses drawn by {@code model} pool by pool (pool index = ground sites in order, then
     * constellations) in windows of {@value #FAILURE_WINDOW_MS} ms, so the same seed gives the same failures.
     *
     * <p>A failure takes the device (a satellite loss: every device of the satellite, for good) out of service
     * in the {@link NodePool}, so capacity follows failed devices. A job holding a failed device restarts: it
     * releases its GPUs at once, falls back to its last durable checkpoint (the same checkpoint model and
     * lost-work accounting as preemption: progress since that checkpoint plus the restore, or, for a job
     * draining after a preemption, the checkpoint before the one being written) and is queued again. No job
     * fails for good: one whose pool shrank below its gang waits (no-gang-fits) like any other. A failed device
     * returns at its repair time (accelerators: {@link FailureSpec#gpuRepairMs()}; radiation faults:
     * {@link FailureSpec#radiationRepairMs()}); a lost satellite never does.
     *
     * @param model the failure model and the run's seed; a disabled spec draws nothing
     * @return this simulation
     */
    public Simulation withFailures(FailureModel model) {
        this.failureModel = model;
        return this;
    }

    private void startFailures() {
        int n = pools.length;
        failWindow = new FailureEvents[n];
        failPtr = new int[n];
        failWindowEndMs = new long[n];
        lostNodes = new java.util.BitSet[n];
        for (int p = 0; p < n; p++) {
            lostNodes[p] = new java.util.BitSet();
            nextFailure(p, 0);
        }
    }

    /** Pushes pool p's next failure at or after tMs, drawing windows as needed. */
    private void nextFailure(int p, long tMs) {
        long horizon = cfg.horizonMs();
        while (true) {
            FailureEvents w = failWindow[p];
            while (w != null && failPtr[p] < w.size() && w.timeMs()[failPtr[p]] < tMs) {
                failPtr[p]++;
            }
            if (w != null && failPtr[p] < w.size()) {
                events.push(w.timeMs()[failPtr[p]], EV_FAIL, p, 0);
                return;
            }
            long t0 = w == null ? 0 : failWindowEndMs[p];
            if (t0 >= horizon) {
                return;
            }
            long t1 = Math.min(horizon, t0 + FAILURE_WINDOW_MS);
            Pool pool = pools[p];
            failWindow[p] = failureModel.events(p, pool.nodes.nodes(), pool.nodes.gpusPerNode(), pool.orbital, t0, t1);
            failPtr[p] = 0;
            failWindowEndMs[p] = t1;
        }
    }

    /** Applies every failure of pool p at {@code now}. @return whether jobs were requeued or GPUs changed */
    private boolean failuresAt(int p, long now) {
        FailureEvents w = failWindow[p];
        Pool pool = pools[p];
        boolean dirty = false;
        while (failPtr[p] < w.size() && w.timeMs()[failPtr[p]] == now) {
            int k = failPtr[p]++;
            int n = w.node()[k];
            int d = w.device()[k];
            byte kind = w.kind()[k];
            if (lostNodes[p].get(n)) {
                continue;
            }
            if (d == FailureEvents.WHOLE_NODE) {
                lostNodes[p].set(n);
                pool.lostGpus += pool.nodes.gpusPerNode();
                failuresByKind[kind]++;
                int[] hit = pool.nodes.failNode(n);
                if (hit.length > 0) {
                    jobFailuresByKind[kind]++;
                }
                for (int j : hit) {
                    failOwner(j, now);
                }
                capacityLost();
                dirty = true;
                continue;
            }
            if (!pool.nodes.isHealthy(n, d)) {
                continue; // drawn again while still failed: the model's rate does not pause during repair
            }
            failuresByKind[kind]++;
            int owner = pool.nodes.failDevice(n, d);
            long repairAt = w.repairAtMs()[k];
            if (repairAt < cfg.horizonMs()) {
                long at = Math.max(repairAt, now + 1);
                events.push(at, EV_REPAIR, (p << 24) | n, d);
                pool.repairs.merge(at, 1L, Long::sum);
            }
            if (owner != NodePool.NO_OWNER) {
                jobFailuresByKind[kind]++;
                failOwner(owner, now);
                dirty = true;
            }
        }
        nextFailure(p, now + 1);
        return dirty;
    }

    /**
     * Satellite n of pool p has decayed: every device is out of service for good (as a satellite loss of
     * {@link #withFailures}, counted apart from the drawn failures), and the work on it restarts elsewhere.
     *
     * @return whether jobs were requeued
     */
    private boolean decayed(int p, int n, long now) {
        if (lostNodes != null) {
            if (lostNodes[p].get(n)) {
                return false;
            }
            lostNodes[p].set(n);
        }
        decayedSatellites++;
        int[] hit = pools[p].nodes.failNode(n);
        for (int j : hit) {
            failOwner(j, now);
        }
        return hit.length > 0;
    }

    /** @return satellites that decayed during the run (their devices left service at the decay instant) */
    public int decayedSatellites() {
        return decayedSatellites;
    }

    /** A repaired device returns to service. @return whether it became free for new work */
    private boolean repair(int p, int n, int d) {
        Pool pool = pools[p];
        if (lostNodes[p].get(n)) {
            return false;
        }
        int before = pool.nodes.free(n);
        pool.nodes.repairDevice(n, d);
        return pool.nodes.isAvailable(n) && pool.nodes.free(n) > before;
    }

    /**
     * Job j held a device that failed: it stops, falls back to its last durable checkpoint, releases its GPUs
     * and queues again (see {@link #withFailures}).
     */
    /**
     * A failure hit a device held by {@code owner}: a job ({@code owner < nJobs}) restarts from its last checkpoint
     * ({@link #failJob}); an inference replica ({@code nJobs + r}) is evicted and waits to be placed again.
     */
    private void failOwner(int owner, long now) {
        if (owner < nJobs) {
            failJob(owner, now);
            return;
        }
        int r = owner - nJobs;
        if (repState[r] == R_RUNNING) {
            unplaceReplica(r, now);
            repState[r] = R_WAITING;
            repEvictions[r]++;
            repWaiting.add(r);
        }
    }

    private void failJob(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        int g = job.gpus();
        CheckpointSpec ck = cfg.checkpoint();
        long interval = ck.classOf(g).intervalMs();
        long writeMs = ck.transferMs(g);
        long last;
        double lostMs;
        switch (state[j]) {
            case S_RUNNING -> {
                endSegment(j, now);
                long done = doneMs[j];
                last = Math.max(checkpointMs[j], (done / interval) * interval);
                // a checkpoint written in this segment counts only once its write is durable
                while (last > checkpointMs[j] && last > doneAtResumeMs[j]) {
                    long began = resumedMs[j] + restoreAtResumeMs[j] + (last - doneAtResumeMs[j]);
                    if (began + writeMs <= now) {
                        break;
                    }
                    last = Math.max(checkpointMs[j], last - interval);
                }
                long restore = last > 0 ? writeMs : 0;
                lostMs = (double) g * (done - last + restore);
            }
            case S_PAUSED -> {
                // paused for power: checkpointed as it stopped; only the restore on new GPUs is lost
                pausedMs[j] += now - pausedSinceMs[j];
                pool.pausedGpuMs += (double) g * (now - pausedSinceMs[j]);
                last = checkpointMs[j];
                lostMs = (double) g * (last > 0 ? writeMs : 0);
            }
            case S_DRAINING -> {
                // the checkpoint being written is lost: back to the one before it
                removeEnding(pool, drainEndMs[j], g);
                pool.drainingGpus -= g;
                last = ckBeforeDrainMs[j];
                lostMs = (double) g * (doneMs[j] - last);
            }
            case S_STAGING -> {
                // holding its satellites while its input is uplinked: nothing computed since its last checkpoint;
                // the input already sent stays on board (a restart on the same constellation does not resend it)
                stagingMs[j] += now - stagedAtMs[j];
                stagingGpuMs += (double) g * (now - stagedAtMs[j]);
                version[j]++;
                last = checkpointMs[j];
                lostMs = (double) g * (doneMs[j] - last);
            }
            default -> throw new IllegalStateException("job " + job.id() + " hit by a failure in state " + state[j]);
        }
        checkpointMs[j] = last;
        doneMs[j] = last;
        restoreLeftMs[j] = last > 0 ? writeMs : 0;
        remainingMs[j] = restoreLeftMs[j] + job.durationMs() - last;
        failureLostGpuMs[j] += lostMs;
        failureLostGpuMsTotal += lostMs;
        restarts[j]++;
        restartCount++;
        waitReason[j] = (byte) WaitReason.FAILURE.ordinal();
        preemptedWait[j] = false;
        release(j);
        state[j] = S_QUEUED;
        enqueue(j, now);
    }

    // ---------------------------------------------------------------- thermal throttling

    /**
     * Turns on thermal limits (call before {@link #run}): per constellation, in scenario order, the accelerator
     * power factors of its satellites in sunlight and in eclipse ({@link io.skygrid.power.ThermalThrottle}, from
     * the constellation's radiator). A gang on satellites progresses at the lowest factor among its satellites
     * for their current sunlight state (penumbra counts as sunlight), re-rated at every sunlight change; a
     * throttled satellite's busy accelerators draw factor x TDP; a factor of 0 makes the satellite unavailable,
     * like one without power (its gangs pause, checkpointed). Constellations whose factors are all 1 (no
     * radiator, or one large enough) run exactly as without this call. Checkpoint instants after a preemption or
     * failure are placed as if progress ran at full rate within the segment (an approximation).
     *
     * @param perConstellation one throttle per constellation, or an empty list
     * @return this simulation
     */
    public Simulation withThermal(List<io.skygrid.power.ThermalThrottle> perConstellation) {
        if (!perConstellation.isEmpty() && perConstellation.size() != pools.length - nGround) {
            throw new IllegalArgumentException("one thermal throttle per constellation");
        }
        for (int i = 0; i < perConstellation.size(); i++) {
            io.skygrid.power.ThermalThrottle t = perConstellation.get(i);
            Pool pool = pools[nGround + i];
            double[] sun = t.sunlit();
            if (sun.length != pool.nodes.nodes()) {
                throw new IllegalArgumentException(pool.name + ": thermal throttle for " + sun.length
                        + " satellites, the constellation has " + pool.nodes.nodes());
            }
            if (t.limits()) {
                pool.thermSun = sun;
                pool.thermEcl = t.eclipse();
            } else {
                pool.thermSun = null;
                pool.thermEcl = null;
            }
        }
        return this;
    }

    private void initThermal(Pool pool) {
        if (pool.thermSun == null) {
            return;
        }
        int n = pool.nodes.nodes();
        pool.thermNow = new double[n];
        for (int s = 0; s < n; s++) {
            pool.thermNow[s] = thermalFactor(pool, s, 0);
            pool.power.setPowerFactor(s, pool.thermNow[s]);
        }
    }

    private static double thermalFactor(Pool pool, int s, long tMs) {
        return pool.power.sunlight(s).stateAt(tMs) == io.skygrid.orbit.SunlightTimeline.UMBRA
                ? pool.thermEcl[s] : pool.thermSun[s];
    }

    /** @return whether satellite s can run accelerators: powered, and not throttled to 0 */
    private static boolean satOn(Pool pool, int s) {
        return pool.power.isPowered(s) && (pool.thermNow == null || pool.thermNow[s] > 0);
    }

    /** @return the lowest thermal factor among the gang's satellites now */
    private static double jobRate(Pool pool, Placement pl) {
        double r = 1.0;
        for (int n : pl.nodeIds()) {
            r = Math.min(r, pool.thermNow[n]);
        }
        return r;
    }

    /** @return wall-clock ms for {@code workMs} of progress at rate r (> 0) */
    private static long wallMs(long workMs, double r) {
        return r == 1.0 ? workMs : (long) Math.ceil(workMs / r);
    }

    /** @return when running job j's current segment completes at its rate */
    private long expectedEnd(int j) {
        return resumedMs[j] + wallMs(remainingMs[j], rate[j]);
    }

    /** @return progress (ms of full-rate work) of running job j's current segment by {@code now} */
    private long workedMs(int j, long now, long end) {
        long elapsed = now - resumedMs[j];
        if (rate[j] == 1.0) {
            return elapsed;
        }
        return now >= end ? remainingMs[j] : Math.min(remainingMs[j], (long) Math.floor(elapsed * rate[j]));
    }

    /** Satellite s's sunlight state changed: new throttle factor, re-rated gangs. @return whether GPUs freed up */
    private boolean thermalUpdate(int p, int s, long now) {
        Pool pool = pools[p];
        double f = thermalFactor(pool, s, now);
        if (f == pool.thermNow[s]) {
            return false;
        }
        boolean wasOn = satOn(pool, s);
        pool.power.advanceTo(s, now);
        pool.thermNow[s] = f;
        pool.power.setPowerFactor(s, f);
        boolean on = satOn(pool, s);
        if (on != wasOn) {
            pool.nodes.setAvailable(s, on);
        }
        for (int k = 0; k < pool.jobsOnCount[s]; k++) {
            int j = pool.jobsOn[s][k];
            if (state[j] == S_RUNNING) {
                if (!on) {
                    pause(j, now);
                } else if (jobRate(pool, placement[j]) != rate[j]) {
                    endSegment(j, now);
                    beginSegment(j, now);
                }
            } else if (state[j] == S_PAUSED && on && allPowered(pool, placement[j])) {
                resume(j, now);
            }
        }
        pushPowerThreshold(p, s, now);
        return on && !wasOn && pool.nodes.free(s) > 0;
    }

    // ---------------------------------------------------------------- metrics

    private void integrate(long now) {
        long dt = now - lastIntegrateMs;
        if (dt <= 0) {
            return;
        }
        for (int p = 0; p < nGround; p++) {
            Pool pool = pools[p];
            pool.gpuMsDelivered += (double) pool.activeGpus * dt;
            pool.energyJ += pool.site.facilityPowerW(pool.activeGpus) * dt / 1000.0;
        }
        for (int p = nGround; p < pools.length; p++) {
            pools[p].gpuMsDelivered += (double) pools[p].activeGpus * dt;
        }
        lastIntegrateMs = now;
    }

    /** Columns per pool: busy GPUs, allocated GPUs, power W, stored energy J, powered nodes, satellites in contact. */
    private double[] sample(long now) {
        double[] row = new double[2 + pools.length * SimulationResult.SAMPLE_FIELDS];
        row[0] = now;
        row[1] = qSize;
        for (int p = 0; p < pools.length; p++) {
            Pool pool = pools[p];
            int o = 2 + p * SimulationResult.SAMPLE_FIELDS;
            row[o] = pool.activeGpus;
            row[o + 1] = pool.nodes.allocatedGpus();
            if (pool.orbital) {
                double load = 0;
                double stored = 0;
                int poweredNodes = 0;
                int inContact = 0;
                for (int s = 0; s < pool.nodes.nodes(); s++) {
                    pool.power.advanceTo(s, now);
                    load += pool.power.loadW(s);
                    stored += pool.power.energyJ(s);
                    if (pool.power.isPowered(s)) {
                        poweredNodes++;
                    }
                    if (pool.inContact(s, now)) {
                        inContact++;
                    }
                }
                row[o + 2] = load;
                row[o + 3] = stored;
                row[o + 4] = poweredNodes;
                row[o + 5] = inContact;
            } else {
                row[o + 2] = pool.site.facilityPowerW(pool.activeGpus);
                row[o + 3] = Double.NaN;
                row[o + 4] = pool.nodes.nodes();
                row[o + 5] = Double.NaN;
            }
        }
        return row;
    }

    private void checkInvariants(int arrived) {
        int queued = 0;
        int runningNow = 0;
        for (int j = 0; j < arrived; j++) {
            if (state[j] == S_QUEUED) queued++;
            if (state[j] == S_RUNNING || state[j] == S_PAUSED || state[j] == S_DRAINING || state[j] == S_STAGING) runningNow++;
        }
        int inSubQueues = 0;
        for (TreeSet<Integer> q : subQueues) {
            inSubQueues += q.size();
        }
        if (queued != qSize || runningNow != running || inSubQueues != qSize) {
            throw new IllegalStateException("queue/running counters out of date");
        }
        if (submitted != completed + failed + running + qSize + rejected) {
            throw new IllegalStateException("submitted " + submitted + " != completed " + completed + " + failed "
                    + failed + " + running " + running + " + queued " + qSize + " + rejected " + rejected);
        }
        for (Pool pool : pools) {
            pool.nodes.checkInvariants();
            if (!pool.orbital && pool.nodes.allocatedGpus() > pool.usableGpus) {
                throw new IllegalStateException(pool.name + " exceeds its power cap");
            }
            long held = 0;
            long draining = 0;
            for (int v = pool.allocHead; v >= 0; v = aNext[v]) {
                if (state[v] != S_RUNNING && state[v] != S_PAUSED && state[v] != S_DRAINING && state[v] != S_STAGING) {
                    throw new IllegalStateException("job " + jobs.get(v).id() + " holds GPUs in " + pool.name
                            + " but is not running");
                }
                held += jobs.get(v).gpus();
                if (state[v] == S_DRAINING) draining += jobs.get(v).gpus();
            }
            long byTenant = 0;
            for (int t = 0; t < quota.tenants(); t++) {
                byTenant += quota.held(t, pool.index);
            }
            if (held + pool.replicaGpus != pool.nodes.allocatedGpus() || byTenant != held
                    || draining != pool.drainingGpus) {
                throw new IllegalStateException(pool.name + ": GPUs held by jobs " + held + ", by tenants " + byTenant
                        + ", allocated " + pool.nodes.allocatedGpus());
            }
        }
    }

    private SimulationResult buildResult(List<double[]> samples) {
        JobFate[] fate = new JobFate[nJobs];
        int[] nodesSpanned = new int[nJobs];
        for (int j = 0; j < nJobs; j++) {
            switch (state[j]) {
                case S_DONE -> fate[j] = JobFate.COMPLETED;
                case S_RUNNING, S_PAUSED, S_DRAINING, S_STAGING -> fate[j] = JobFate.RUNNING;
                case S_QUEUED -> fate[j] = JobFate.QUEUED;
                case S_REJECTED -> fate[j] = JobFate.REJECTED;
                case S_PENDING -> fate[j] = JobFate.AFTER_HORIZON;
                default -> throw new IllegalStateException("state " + state[j]);
            }
            nodesSpanned[j] = placement[j] == null ? 0 : placement[j].nodesSpanned();
        }
        List<SimulationResult.PoolSummary> summaries = new ArrayList<>();
        for (Pool pool : pools) {
            summaries.add(new SimulationResult.PoolSummary(pool.name, pool.orbital, pool.nodes.nodes(),
                    pool.nodes.capacity(), pool.usableGpus, pool.gpuMsDelivered / 3_600_000.0,
                    pool.energyJ, pool.pausedGpuMs / 3_600_000.0,
                    pool.orbital ? pool.power.busUnsuppliedJ() : 0.0));
        }
        WaitReason[] reasons = WaitReason.values();
        WaitReason[] why = new WaitReason[nJobs];
        for (int j = 0; j < nJobs; j++) {
            why[j] = reasons[waitReason[j]];
        }
        List<String> tenantNames = new ArrayList<>();
        for (TenantSpec t : tenantSpecs) {
            tenantNames.add(t.name());
        }
        double[] tenantGpuHours = new double[tenantNames.size()];
        for (int t = 0; t < tenantGpuHours.length; t++) {
            tenantGpuHours[t] = tenantGpuMs[t] / 3_600_000.0;
        }
        double[] lostH = new double[nJobs];
        for (int j = 0; j < nJobs; j++) {
            lostH[j] = lostGpuMs[j] / 3_600_000.0;
        }
        SimulationResult.Scheduling sched = new SimulationResult.Scheduling(policy.name(), tenantNames,
                tenant.clone(), tenantGpuHours, why, preemptions.clone(), lostH, preemptionCount,
                lostGpuMsTotal / 3_600_000.0, waitedMs.clone());
        int[] racks = new int[nJobs];
        int[] leaves = new int[nJobs];
        double[] throttled = new double[pools.length];
        for (int p = 0; p < pools.length; p++) {
            throttled[p] = pools[p].throttledGpuMs / 3_600_000.0;
        }
        double[] failLostH = new double[nJobs];
        int jobsRestarted = 0;
        for (int j = 0; j < nJobs; j++) {
            if (placement[j] == null) {
                racks[j] = 0;
                leaves[j] = 0;
            } else if (poolOf[j] >= nGround) {
                // orbit: formation clusters spanned (one satellite per cluster outside formations); one leaf each
                Pool pool = pools[poolOf[j]];
                racks[j] = pool.formationClusters ? placement[j].racksSpanned() : placement[j].nodesSpanned();
                leaves[j] = racks[j];
            } else {
                racks[j] = placement[j].racksSpanned();
                leaves[j] = placement[j].leavesSpanned();
            }
            failLostH[j] = failureLostGpuMs[j] / 3_600_000.0;
            if (restarts[j] > 0) {
                jobsRestarted++;
            }
        }
        SimulationResult.Failures failures = new SimulationResult.Failures(
                failureModel != null && failureModel.spec().enabled(), failuresByKind.clone(), jobFailuresByKind.clone(),
                restartCount, jobsRestarted, failureLostGpuMsTotal / 3_600_000.0, restarts.clone(), failLostH);
        SimulationResult result = new SimulationResult(jobs, fate, startMs.clone(), endMs.clone(), poolOf.clone(),
                nodesSpanned, pausedMs.clone(), reason.clone(), summaries, samples, cfg.horizonMs(), eventsProcessed,
                schedulingCycles, sched, failures, racks, leaves, throttled);
        if (inference != null) {
            long[] first = repFirstPlacedMs.clone();
            result.attachInference(new SimulationResult.InferenceRun(inference, inferenceDemand, repService.clone(),
                    repStart.clone(), repEnd.clone(), first, repPool.clone(), repNode.clone(), repServedMs.clone(),
                    repEvictions.clone(), repState.clone()));
        }
        result.attachData(new SimulationResult.DataStaging(placementSpec.mode(), contactPlans != null,
                stagingMs.clone(), outputDownMs.clone(), stagedJobs, stagingGpuMs / 3_600_000.0));
        return result;
    }
}
