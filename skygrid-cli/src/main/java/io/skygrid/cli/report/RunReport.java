package io.skygrid.cli.report;

import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.scenario.Scenario;
import io.skygrid.sim.Distribution;
import io.skygrid.sim.JobFate;
import io.skygrid.sim.ScenarioRun;
import io.skygrid.sim.SimulationResult;
import io.skygrid.workload.Job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a finished run, computed once and shared by every writer (summary.json, stdout table).
 * Holds no timing: everything here is a deterministic function of the scenario and seed.
 */
public final class RunReport {
    /** Figures of one site or constellation. */
    public record PoolFigures(SimulationResult.PoolSummary pool, String kind, double utilisation,
                              Distribution jctS, Distribution waitS, int completed, int running,
                              double pausedJobHours, double energyMWh, Double electricityUsd,
                              Double meanEclipseFraction, Double meanContactHoursPerSatellite,
                              Double meanRacksOrSatellitesSpanned) {
    }

    private final ScenarioRun.Outcome outcome;
    private final List<PoolFigures> pools = new ArrayList<>();
    private final Distribution jctS;
    private final Distribution waitS;
    private final Distribution queuedWaitS;
    private final Map<String, Integer> fates = new LinkedHashMap<>();
    private final io.skygrid.econ.CostModel.CostReport costs;
    private final double utilisation;
    private final Map<String, Double> tenantShare = new LinkedHashMap<>();
    private final Map<String, Integer> waitReasons = new LinkedHashMap<>();
    private final ResearchMetrics research;

    public RunReport(ScenarioRun.Outcome outcome) {
        this.outcome = outcome;
        SimulationResult r = outcome.result();
        Scenario sc = outcome.scenario();
        int nPools = r.pools().size();
        int nJobs = r.jobs().size();
        double[][] jct = new double[nPools][nJobs];
        double[][] wait = new double[nPools][nJobs];
        int[] nJct = new int[nPools];
        int[] nWait = new int[nPools];
        int[] completed = new int[nPools];
        int[] running = new int[nPools];
        double[] pausedH = new double[nPools];
        double[] spanned = new double[nPools];
        int[] started = new int[nPools];
        double[] allJct = new double[nJobs];
        double[] allWait = new double[nJobs];
        int nAllJct = 0;
        int nAllWait = 0;
        double[] queuedWait = new double[nJobs];
        int nQueued = 0;
        for (JobFate f : JobFate.values()) {
            fates.put(f.label(), 0);
        }
        for (int j = 0; j < nJobs; j++) {
            JobFate f = r.fate(j);
            fates.merge(f.label(), 1, Integer::sum);
            int p = r.pool(j);
            Job job = r.jobs().get(j);
            if (f == JobFate.QUEUED) {
                queuedWait[nQueued++] = (r.horizonMs() - job.submitMs()) / 1000.0;
            }
            if (p < 0) {
                continue;
            }
            // every wait: the first and each after a preemption or failure
            double w = r.waitedMs(j) / 1000.0;
            wait[p][nWait[p]++] = w;
            allWait[nAllWait++] = w;
            started[p]++;
            spanned[p] += r.nodesSpanned(j);
            pausedH[p] += r.pausedMs(j) / 3_600_000.0;
            if (f == JobFate.COMPLETED) {
                double c = (r.endMs(j) - job.submitMs()) / 1000.0;
                jct[p][nJct[p]++] = c;
                allJct[nAllJct++] = c;
                completed[p]++;
            } else {
                running[p]++;
            }
        }
        this.jctS = Distribution.of(allJct, nAllJct);
        this.waitS = Distribution.of(allWait, nAllWait);
        this.queuedWaitS = Distribution.of(queuedWait, nQueued);
        double horizonH = r.horizonMs() / 3_600_000.0;
        int nGround = sc.fleet().ground().size();
        for (int p = 0; p < nPools; p++) {
            SimulationResult.PoolSummary ps = r.pools().get(p);
            double util = ps.gpuHoursDelivered() / (ps.capacityGpus() * horizonH);
            double mwh = ps.energyJ() / 3.6e9;
            Double usd = null;
            Double eclipse = null;
            Double contact = null;
            if (!ps.orbital()) {
                GroundSite site = sc.fleet().ground().get(p);
                usd = mwh * 1000.0 * site.electricityUsdPerKWh();
            } else {
                ConstellationTimelines t = outcome.timelines().get(p - nGround);
                double ecl = 0;
                double contactMs = 0;
                for (int s = 0; s < t.size(); s++) {
                    SunlightTimeline tl = t.sunlight()[s];
                    ecl += tl.eclipseFraction();
                    contactMs += t.contacts()[s].totalContactMs();
                }
                eclipse = ecl / t.size();
                contact = contactMs / t.size() / 3_600_000.0;
            }
            pools.add(new PoolFigures(ps, ps.orbital() ? "orbit" : "ground", util,
                    Distribution.of(jct[p], nJct[p]), Distribution.of(wait[p], nWait[p]), completed[p], running[p],
                    pausedH[p], mwh, usd, eclipse, contact, started[p] == 0 ? null : spanned[p] / started[p]));
        }
        this.costs = costs(outcome);
        this.research = new ResearchMetrics(r);
        double delivered = 0;
        double capacityH = 0;
        for (SimulationResult.PoolSummary ps : r.pools()) {
            delivered += ps.gpuHoursDelivered();
            capacityH += ps.capacityGpus() * horizonH;
        }
        this.utilisation = capacityH > 0 ? delivered / capacityH : 0;
        SimulationResult.Scheduling sched = r.scheduling();
        double tenantTotal = 0;
        for (double h : sched.tenantGpuHours()) {
            tenantTotal += h;
        }
        for (int t = 0; t < sched.tenants().size(); t++) {
            // no GPU-hours ran: a share of nothing is undefined (null), not 0
            tenantShare.put(sched.tenants().get(t), tenantTotal > 0 ? sched.tenantGpuHours()[t] / tenantTotal : null);
        }
        for (io.skygrid.sched.WaitReason w : io.skygrid.sched.WaitReason.values()) {
            if (w != io.skygrid.sched.WaitReason.NONE) {
                waitReasons.put(w.label(), 0);
            }
        }
        for (int j = 0; j < nJobs; j++) {
            io.skygrid.sched.WaitReason w = r.waitReason(j);
            if (w != io.skygrid.sched.WaitReason.NONE && r.fate(j) != JobFate.AFTER_HORIZON) {
                waitReasons.merge(w.label(), 1, Integer::sum);
            }
        }
    }

    /** @return GPU-hours delivered by all pools / (installed GPUs x horizon) */
    public double utilisation() {
        return utilisation;
    }

    /** @return makespan, JCT and wait percentiles, slowdowns, per-tenant JCT, utilisation over the active span */
    public ResearchMetrics research() {
        return research;
    }

    /**
     * @return each tenant's share of the GPU-hours its jobs ran, in tenant order (sums to 1 when any ran;
     *         every share null when none ran)
     */
    public Map<String, Double> tenantShare() {
        return tenantShare;
    }

    /** @return jobs that waited, by their (last) wait reason label */
    public Map<String, Integer> waitReasons() {
        return waitReasons;
    }

    /** Cost per delivered GPU-hour of the run (simulated mode: its delivered GPU-hours and energy). */
    private static io.skygrid.econ.CostModel.CostReport costs(ScenarioRun.Outcome outcome) {
        SimulationResult r = outcome.result();
        double horizonH = r.horizonMs() / 3_600_000.0;
        List<io.skygrid.econ.CostModel.PoolUsage> usage = new ArrayList<>();
        for (SimulationResult.PoolSummary ps : r.pools()) {
            usage.add(new io.skygrid.econ.CostModel.PoolUsage(ps.name(), ps.gpuHoursDelivered(), ps.energyJ(), horizonH,
                    ps.orbital() ? ps.nodes() : 0));
        }
        Scenario sc = outcome.scenario();
        return io.skygrid.econ.CostModel.evaluate(sc.fleet(), usage, sc.economics(),
                sc.epoch().atOffset(java.time.ZoneOffset.UTC).getYear(), "simulated", Double.NaN);
    }

    /** @return cost per delivered GPU-hour, per kW-year and break-even launch price of the run */
    public io.skygrid.econ.CostModel.CostReport costs() {
        return costs;
    }

    public ScenarioRun.Outcome outcome() {
        return outcome;
    }

    public List<PoolFigures> pools() {
        return pools;
    }

    /** @return job completion time of completed jobs, s */
    public Distribution jctS() {
        return jctS;
    }

    /** @return wait (start - submit) of started jobs, s */
    public Distribution waitS() {
        return waitS;
    }

    /** @return time waited so far by jobs still queued at the horizon (horizon - submit), s */
    public Distribution queuedWaitS() {
        return queuedWaitS;
    }

    /** @return jobs per fate label, every fate present */
    public Map<String, Integer> fates() {
        return fates;
    }

    /** @return jobs submitted within the horizon */
    public int submitted() {
        return outcome.result().jobs().size() - fates.get(JobFate.AFTER_HORIZON.label());
    }

    /** @return orbital constellation for a pool index, or null for a ground site */
    public OrbitalConstellation constellation(int pool) {
        int nGround = outcome.scenario().fleet().ground().size();
        return pool < nGround ? null : outcome.scenario().fleet().orbital().get(pool - nGround);
    }
}
