package io.skygrid.sim;

import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.power.ConstellationPower;
import io.skygrid.sched.NodePool;
import io.skygrid.sched.Placement;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.workload.Job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Discrete-event simulation of a fleet serving a workload.
 *
 * <p>Events: job arrivals, job completions, sunlight changes of every satellite (umbra/penumbra
 * entry and exit from the precomputed {@link io.skygrid.orbit.SunlightTimeline}s), battery
 * thresholds (accelerators switched off at the shut-off state of charge, back on at the resume
 * level) and timeseries samples. After all events of one instant the scheduler runs once.
 *
 * <p>Scheduler (first version): gang placement, all-or-nothing, within one pool (a ground site or an
 * orbital constellation), pools tried in order (ground sites in scenario order, then
 * constellations); FIFO queue with optional EASY backfill (Lifka 1995, "The ANL/IBM SP scheduling
 * system"; Mu'alem and Feitelson 2001, IEEE TPDS 12(6)): when the head of the queue cannot start, it
 * gets a reservation at the earliest instant enough GPUs free up in some pool (from running jobs'
 * expected ends, counting GPUs, not node fragmentation), and later jobs may start now only if they
 * do not delay it. Runtimes are known to the scheduler (trace-driven, perfect estimates). Ground
 * sites run at most the GPUs their power cap allows; orbital gangs are placed only on powered
 * satellites. A job larger than every pool can ever hold is rejected at arrival with a reason and
 * never blocks the queue.
 *
 * <p>Power: a gang on satellites pauses (checkpointed, no work lost) while any of its satellites has
 * its accelerators switched off, keeps its satellites, and resumes when all are powered again.
 *
 * <p>Deterministic: no randomness, events ordered by (time, insertion order). Not thread-safe.
 */
public final class Simulation {
    private static final int EV_COMPLETE = 1;
    private static final int EV_SUN = 2;
    private static final int EV_POWER = 3;

    private static final byte S_PENDING = 0;
    private static final byte S_QUEUED = 1;
    private static final byte S_RUNNING = 2;
    private static final byte S_PAUSED = 3;
    private static final byte S_DONE = 4;
    private static final byte S_REJECTED = 5;

    /**
     * Run settings.
     *
     * @param horizonMs       end of simulated time, ms since the epoch
     * @param sampleStepMs    timeseries interval, ms
     * @param scheduler       policy
     * @param checkInvariants verify pool and job-accounting invariants after every instant (tests)
     * @param solarFluxFactor solar flux relative to 1 AU, (1 AU / r)^2, applied to every solar array when
     *                        {@code epoch} is null
     * @param epoch           scenario epoch (time 0): when given, solar arrays see the Sun-Earth distance of
     *                        each simulated day instead of {@code solarFluxFactor}
     */
    public record Config(long horizonMs, long sampleStepMs, SchedulerSpec scheduler, boolean checkInvariants,
                         double solarFluxFactor, java.time.Instant epoch) {
        /** Settings at 1 AU. */
        public Config(long horizonMs, long sampleStepMs, SchedulerSpec scheduler, boolean checkInvariants) {
            this(horizonMs, sampleStepMs, scheduler, checkInvariants, 1.0, null);
        }

        /** Settings with a constant solar flux factor. */
        public Config(long horizonMs, long sampleStepMs, SchedulerSpec scheduler, boolean checkInvariants,
                      double solarFluxFactor) {
            this(horizonMs, sampleStepMs, scheduler, checkInvariants, solarFluxFactor, null);
        }

        public Config {
            if (horizonMs <= 0) throw new IllegalArgumentException("horizonMs must be > 0");
            if (sampleStepMs <= 0) throw new IllegalArgumentException("sampleStepMs must be > 0");
            if (!"fifo".equals(scheduler.queue())) {
                throw new IllegalArgumentException("unknown queue policy '" + scheduler.queue() + "' (known: fifo)");
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

    // FIFO queue as a doubly linked list over job indices (O(1) removal from the middle)
    private final int[] qNext;
    private final int[] qPrev;
    private int qHead = -1;
    private int qTail = -1;
    private int qSize;

    private final EventQueue events = new EventQueue();
    private final io.skygrid.sched.QueueIndex queueIndex;
    private int submitted;
    private int completed;
    private int rejected;
    private int running;
    private long lastIntegrateMs;
    private long eventsProcessed;
    private long schedulingCycles;
    private final long maxUsableAnyPool;

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
        /** GPUs of running (not paused) jobs. */
        long activeGpus;
        /** expected end (ms) -> GPUs of running jobs ending then, for EASY reservations. */
        final TreeMap<Long, Long> endings = new TreeMap<>();
        /** per satellite: jobs placed on it (orbital pools only). */
        final int[][] jobsOn;
        final int[] jobsOnCount;
        final int[] powerVersion;
        /** per satellite: union of its contact windows with any station, as [start, end) pairs. */
        final long[][] contactUnion;
        final int[] contactPtr;
        double gpuMsDelivered;
        double energyJ;
        double pausedGpuMs;
        long[] satBusyScratch;

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
            this.nodes = new NodePool(c.name(), t.size(), c.payload().count());
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
            return nodes.canPlace(gpus);
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
        qNext = new int[nJobs];
        qPrev = new int[nJobs];
        int[] gpus = new int[nJobs];
        for (int j = 0; j < nJobs; j++) {
            gpus[j] = sorted.get(j).gpus();
        }
        queueIndex = new io.skygrid.sched.QueueIndex(gpus);
        java.util.Arrays.fill(startMs, -1);
        java.util.Arrays.fill(endMs, -1);
        java.util.Arrays.fill(poolOf, -1);
    }

    /** Runs to the horizon and returns what happened. May be called once. */
    public SimulationResult run(ProgressListener progress) {
        long horizon = cfg.horizonMs();
        // initial sunlight changes and battery thresholds
        for (int p = nGround; p < pools.length; p++) {
            Pool pool = pools[p];
            for (int s = 0; s < pool.nodes.nodes(); s++) {
                pool.nodes.setAvailable(s, pool.power.isPowered(s));
                pushSun(p, s, 0);
                pushPowerThreshold(p, s, 0);
            }
        }
        List<double[]> samples = new ArrayList<>();
        long nextSample = 0;
        int nextArrival = 0;
        progress.start("simulation", horizon / 1000);
        long reportedS = 0;
        while (true) {
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
        for (int p = nGround; p < pools.length; p++) {
            Pool pool = pools[p];
            for (int s = 0; s < pool.nodes.nodes(); s++) {
                pool.power.advanceTo(s, horizon);
            }
            pool.energyJ = pool.power.consumedJ();
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
            boolean on = pool.power.isPowered(s);
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
            if (!pool.power.isPowered(n)) {
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
        state[j] = S_QUEUED;
        remainingMs[j] = job.durationMs();
        enqueue(j);
    }

    private String largestPoolNote() {
        Pool best = null;
        for (Pool p : pools) {
            if (best == null || p.usableGpus > best.usableGpus) {
                best = p;
            }
        }
        if (best == null) {
            return "";
        }
        return best.usableGpus < best.nodes.capacity()
                ? " (" + best.name + ", limited by its power cap)" : " (" + best.name + ")";
    }

    private void start(int j, int p, long now) {
        Pool pool = pools[p];
        Job job = jobs.get(j);
        Placement pl = pool.nodes.place(job.gpus());
        if (pl == null) {
            throw new IllegalStateException("placement failed after feasibility check for job " + job.id());
        }
        dequeue(j);
        placement[j] = pl;
        poolOf[j] = p;
        startMs[j] = now;
        running++;
        if (pool.orbital) {
            for (int n : pl.nodeIds()) {
                addJobOn(pool, n, j);
            }
        }
        // placed only on powered satellites, so the gang runs at once
        state[j] = S_PAUSED;
        pausedSinceMs[j] = now;
        resume(j, now);
    }

    private void resume(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        pausedMs[j] += now - pausedSinceMs[j];
        pool.pausedGpuMs += (double) job.gpus() * (now - pausedSinceMs[j]);
        state[j] = S_RUNNING;
        resumedMs[j] = now;
        pool.activeGpus += job.gpus();
        long end = now + remainingMs[j];
        pool.endings.merge(end, (long) job.gpus(), Long::sum);
        events.push(end, EV_COMPLETE, j, ++version[j]);
        if (pool.orbital) {
            setSatLoads(pool, placement[j], now, +1);
        }
    }

    private void pause(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        removeEnding(pool, resumedMs[j] + remainingMs[j], job.gpus());
        remainingMs[j] -= now - resumedMs[j];
        version[j]++;
        state[j] = S_PAUSED;
        pausedSinceMs[j] = now;
        pool.activeGpus -= job.gpus();
        setSatLoads(pool, placement[j], now, -1);
    }

    private void complete(int j, long now) {
        Pool pool = pools[poolOf[j]];
        Job job = jobs.get(j);
        removeEnding(pool, now, job.gpus());
        remainingMs[j] = 0;
        state[j] = S_DONE;
        endMs[j] = now;
        running--;
        completed++;
        pool.activeGpus -= job.gpus();
        if (pool.orbital) {
            setSatLoads(pool, placement[j], now, -1);
            for (int n : placement[j].nodeIds()) {
                removeJobOn(pool, n, j);
            }
        }
        pool.nodes.release(placement[j]);
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
        // FIFO: start jobs from the head while they fit
        while (qHead >= 0) {
            int p = choosePool(qHead, now, -1, Long.MAX_VALUE, null);
            if (p < 0) {
                break;
            }
            start(qHead, p, now);
        }
        if (qHead < 0 || !easy) {
            return;
        }
        // EASY backfill: the head gets a reservation at the earliest instant enough GPUs free up in some
        // pool (counting running jobs' expected ends); later jobs start now if they do not delay it.
        int head = qHead;
        int resPool = -1;
        long shadow = Long.MAX_VALUE;
        long extra = 0;
        int g = jobs.get(head).gpus();
        for (int p = 0; p < pools.length; p++) {
            Pool pool = pools[p];
            if (pool.usableGpus < g) {
                continue;
            }
            long free = pool.freeUsable();
            for (Map.Entry<Long, Long> e : pool.endings.entrySet()) {
                free += e.getValue();
                if (free >= g) {
                    if (e.getKey() < shadow) {
                        shadow = e.getKey();
                        resPool = p;
                        extra = free - g;
                    }
                    break;
                }
            }
        }
        // Start, in queue order, every job that qualifies. The queue index finds the earliest qualifying
        // job per gang size directly, which is the job a front-to-back scan would pick.
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
                boolean elsewhere = false;
                boolean inReserved = false;
                for (int p = 0; p < pools.length && !elsewhere; p++) {
                    if (pools[p].canStart(size)) {
                        if (p == resPool) {
                            inReserved = true;
                        } else {
                            elsewhere = true;
                        }
                    }
                }
                int candidate;
                if (elsewhere || (inReserved && size <= extraLeft[0])) {
                    candidate = queueIndex.first(c, head + 1, Long.MAX_VALUE - 1);
                } else if (inReserved) {
                    candidate = queueIndex.first(c, head + 1, shadow - now);
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
    }

    private long maxFreeUsable() {
        long maxFree = 0;
        for (Pool pool : pools) {
            maxFree = Math.max(maxFree, pool.freeUsable());
        }
        return maxFree;
    }

    /**
     * @return the first pool where job {@code j} can start now without breaking the reservation
     * ({@code resPool}, {@code shadow}, {@code extraLeft}); -1 if none
     */
    private int choosePool(int j, long now, int resPool, long shadow, long[] extraLeft) {
        int g = jobs.get(j).gpus();
        for (int p = 0; p < pools.length; p++) {
            Pool pool = pools[p];
            if (!pool.canStart(g)) {
                continue;
            }
            if (p == resPool && now + remainingMs[j] > shadow && g > extraLeft[0]) {
                continue;
            }
            return p;
        }
        return -1;
    }

    private void enqueue(int j) {
        qNext[j] = -1;
        qPrev[j] = qTail;
        if (qTail >= 0) {
            qNext[qTail] = j;
        } else {
            qHead = j;
        }
        qTail = j;
        qSize++;
        queueIndex.add(j, remainingMs[j]);
    }

    private void dequeue(int j) {
        int prev = qPrev[j];
        int next = qNext[j];
        if (prev >= 0) {
            qNext[prev] = next;
        } else {
            qHead = next;
        }
        if (next >= 0) {
            qPrev[next] = prev;
        } else {
            qTail = prev;
        }
        qSize--;
        queueIndex.remove(j);
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
            if (state[j] == S_RUNNING || state[j] == S_PAUSED) runningNow++;
        }
        if (queued != qSize || runningNow != running) {
            throw new IllegalStateException("queue/running counters out of date");
        }
        if (submitted != completed + running + qSize + rejected) {
            throw new IllegalStateException("submitted " + submitted + " != completed " + completed + " + running "
                    + running + " + queued " + qSize + " + rejected " + rejected);
        }
        for (Pool pool : pools) {
            pool.nodes.checkInvariants();
            if (!pool.orbital && pool.nodes.allocatedGpus() > pool.usableGpus) {
                throw new IllegalStateException(pool.name + " exceeds its power cap");
            }
        }
    }

    private SimulationResult buildResult(List<double[]> samples) {
        JobFate[] fate = new JobFate[nJobs];
        int[] nodesSpanned = new int[nJobs];
        for (int j = 0; j < nJobs; j++) {
            switch (state[j]) {
                case S_DONE -> fate[j] = JobFate.COMPLETED;
                case S_RUNNING, S_PAUSED -> fate[j] = JobFate.RUNNING;
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
        return new SimulationResult(jobs, fate, startMs.clone(), endMs.clone(), poolOf.clone(), nodesSpanned,
                pausedMs.clone(), reason.clone(), summaries, samples, cfg.horizonMs(), eventsProcessed,
                schedulingCycles);
    }
}
