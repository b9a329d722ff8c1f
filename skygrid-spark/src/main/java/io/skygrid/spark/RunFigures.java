package io.skygrid.spark;

import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.sim.Distribution;
import io.skygrid.sim.JobFate;
import io.skygrid.sim.ScenarioRun;
import io.skygrid.sim.SimulationResult;
import io.skygrid.workload.Job;

import java.util.List;

/**
 * The summary figures of one run that a sweep tabulates: fleet-wide totals of
 * {@link SimulationResult} (the same quantities {@code skygrid run} writes to {@code summary.json}, summed
 * over sites and constellations). Every figure is a deterministic function of the scenario and its seed.
 */
public final class RunFigures {
    /** Metric names, in column order (units in the names: h hours, mwh megawatt-hours, fractions 0-1). */
    public static final List<String> METRICS = List.of(
            "gpus", "satellites", "jobs_submitted", "jobs_completed", "jobs_running", "jobs_queued", "jobs_rejected",
            "gpu_hours_delivered", "utilisation", "orbit_utilisation", "energy_mwh", "paused_gpu_hours",
            "jct_mean_h", "jct_p50_h", "jct_p99_h", "wait_mean_h", "wait_p99_h", "mean_eclipse_fraction");
    /** Metric a sweep charts when the grid names none. */
    public static final String DEFAULT_METRIC = "utilisation";

    private RunFigures() {
    }

    /**
     * @return one value per {@link #METRICS} entry, in order; NaN where a figure does not apply (a JCT with
     *         no completed job, orbit figures of a fleet without constellations)
     */
    public static double[] of(ScenarioRun.Outcome outcome) {
        SimulationResult r = outcome.result();
        int nJobs = r.jobs().size();
        double[] jct = new double[nJobs];
        double[] wait = new double[nJobs];
        int nJct = 0;
        int nWait = 0;
        for (int j = 0; j < nJobs; j++) {
            if (r.pool(j) < 0) continue;
            Job job = r.jobs().get(j);
            wait[nWait++] = r.waitedMs(j) / 1000.0; // every wait, as summary.json counts it
            if (r.fate(j) == JobFate.COMPLETED) jct[nJct++] = (r.endMs(j) - job.submitMs()) / 1000.0;
        }
        Distribution jctS = Distribution.of(jct, nJct);
        Distribution waitS = Distribution.of(wait, nWait);
        double horizonH = r.horizonMs() / 3_600_000.0;
        long gpus = 0;
        long orbitGpus = 0;
        double delivered = 0;
        double orbitDelivered = 0;
        double energyJ = 0;
        double paused = 0;
        for (SimulationResult.PoolSummary p : r.pools()) {
            gpus += p.capacityGpus();
            delivered += p.gpuHoursDelivered();
            energyJ += p.energyJ();
            paused += p.pausedGpuHours();
            if (p.orbital()) {
                orbitGpus += p.capacityGpus();
                orbitDelivered += p.gpuHoursDelivered();
            }
        }
        long satellites = 0;
        double eclipse = 0;
        for (ConstellationTimelines t : outcome.timelines()) {
            for (int s = 0; s < t.size(); s++) eclipse += t.sunlight()[s].eclipseFraction();
            satellites += t.size();
        }
        int submitted = nJobs - r.count(JobFate.AFTER_HORIZON);
        return new double[] {
                gpus, satellites, submitted, r.count(JobFate.COMPLETED), r.count(JobFate.RUNNING),
                r.count(JobFate.QUEUED), r.count(JobFate.REJECTED),
                delivered, gpus == 0 ? Double.NaN : delivered / (gpus * horizonH),
                orbitGpus == 0 ? Double.NaN : orbitDelivered / (orbitGpus * horizonH),
                energyJ / 3.6e9, paused,
                jctS.mean() / 3600, jctS.p50() / 3600, jctS.p99() / 3600, waitS.mean() / 3600, waitS.p99() / 3600,
                satellites == 0 ? Double.NaN : eclipse / satellites};
    }

    /** @return whether the metric is a count (written without decimals) */
    public static boolean isCount(String metric) {
        return METRICS.indexOf(metric) <= METRICS.indexOf("jobs_rejected");
    }
}
