package io.skygrid.cli.report;

import io.skygrid.sim.JobFate;
import io.skygrid.sim.SimulationResult;
import io.skygrid.workload.Job;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures scheduling papers report for a run, in seconds unless named otherwise. A figure whose
 * denominator (or sample) is empty is null, never 0, and {@link #undefined()} says why.
 *
 * <ul>
 *   <li><b>JCT</b> (job completion time) = end - submit, over completed jobs.</li>
 *   <li><b>Wait</b> = all time a started job spent queued (its first wait plus each wait after a preemption
 *       or failure), over jobs that started; jobs still queued at the horizon are not in it.</li>
 *   <li><b>Run time</b> of a job = its duration in the workload: the time its work takes at full speed on
 *       the GPUs it asks for, without waits, pauses for power, throttling, restarts or lost work.</li>
 *   <li><b>Slowdown</b> = JCT / run time; <b>bounded slowdown</b> = max(1, JCT / max(run time, 10 s))
 *       (Feitelson et al., JSSPP 1997), both averaged over completed jobs.</li>
 *   <li><b>Makespan</b> = last completion - first submission, defined only when every submitted job has
 *       completed or been rejected (null while any is queued or running at the horizon).</li>
 *   <li><b>Active span</b> = from the first submission to the last completion (when all are done) or to the
 *       horizon; <b>GPU utilisation over the active span</b> = GPU-hours delivered / (installed GPUs x
 *       active span).</li>
 *   <li>Percentiles are nearest-rank (Hyndman and Fan definition 1), like every percentile of the report.</li>
 * </ul>
 */
public final class ResearchMetrics {
    /** Floor of the run time in the bounded slowdown, s. */
    public static final double BOUNDED_SLOWDOWN_FLOOR_S = 10;

    /** Mean and nearest-rank percentiles of a sample; every field null when the sample is empty. */
    public record Stats(int count, Double mean, Double p50, Double p95, Double p99) {
        static Stats of(double[] v, int n) {
            if (n == 0) return new Stats(0, null, null, null, null);
            Arrays.sort(v, 0, n);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += v[i];
            return new Stats(n, sum / n, rank(v, n, 0.50), rank(v, n, 0.95), rank(v, n, 0.99));
        }

        private static double rank(double[] sorted, int n, double q) {
            int k = (int) Math.ceil(q * n);
            return sorted[Math.max(0, Math.min(n - 1, k - 1))];
        }
    }

    private final Double makespanS;
    private final Stats jctS;
    private final Stats waitS;
    private final Double meanSlowdown;
    private final Double meanBoundedSlowdown;
    private final Map<String, Double> tenantMeanJctS = new LinkedHashMap<>();
    private final double activeSpanS;
    private final Double activeUtilisation;
    private final Map<String, String> undefined = new LinkedHashMap<>();

    /** Computes the figures of {@code r}. */
    public ResearchMetrics(SimulationResult r) {
        int n = r.jobs().size();
        double[] jct = new double[n];
        double[] wait = new double[n];
        int nJct = 0;
        int nWait = 0;
        double slow = 0;
        double bounded = 0;
        long firstSubmit = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        int notDone = 0;
        int nTenants = r.scheduling().tenants().size();
        double[] tenantJct = new double[nTenants];
        int[] tenantDone = new int[nTenants];
        java.util.Map<String, Integer> tenantIndex = new java.util.HashMap<>();
        for (int t = 0; t < nTenants; t++) tenantIndex.put(r.scheduling().tenants().get(t), t);
        for (int j = 0; j < n; j++) {
            JobFate f = r.fate(j);
            if (f == JobFate.AFTER_HORIZON) continue;
            Job job = r.jobs().get(j);
            firstSubmit = Math.min(firstSubmit, job.submitMs());
            if (f == JobFate.RUNNING || f == JobFate.QUEUED) notDone++;
            if (r.pool(j) >= 0) {
                // started (the same jobs as the report's waitSeconds)
                wait[nWait++] = r.waitedMs(j) / 1000.0;
            }
            if (f == JobFate.COMPLETED) {
                double c = (r.endMs(j) - job.submitMs()) / 1000.0;
                double run = job.durationMs() / 1000.0;
                jct[nJct++] = c;
                slow += c / run;
                bounded += Math.max(1.0, c / Math.max(run, BOUNDED_SLOWDOWN_FLOOR_S));
                lastEnd = Math.max(lastEnd, r.endMs(j));
                Integer t = tenantIndex.get(r.tenant(j));
                if (t != null) {
                    tenantJct[t] += c;
                    tenantDone[t]++;
                }
            }
        }
        this.jctS = Stats.of(jct, nJct);
        this.waitS = Stats.of(wait, nWait);
        if (nJct == 0) {
            meanSlowdown = null;
            meanBoundedSlowdown = null;
            undefined.put("jctSeconds", "no job completed");
            undefined.put("meanSlowdown", "no job completed");
            undefined.put("meanBoundedSlowdown", "no job completed");
        } else {
            meanSlowdown = slow / nJct;
            meanBoundedSlowdown = bounded / nJct;
        }
        if (nWait == 0) undefined.put("waitSeconds", "no job started");
        for (int t = 0; t < nTenants; t++) {
            tenantMeanJctS.put(r.scheduling().tenants().get(t), tenantDone[t] == 0 ? null : tenantJct[t] / tenantDone[t]);
        }
        if (firstSubmit == Long.MAX_VALUE) {
            makespanS = null;
            activeSpanS = 0;
            undefined.put("makespanSeconds", "no job was submitted within the horizon");
        } else if (notDone > 0) {
            makespanS = null;
            activeSpanS = (r.horizonMs() - firstSubmit) / 1000.0;
            undefined.put("makespanSeconds", notDone + " job(s) still queued or running at the horizon");
        } else if (lastEnd == Long.MIN_VALUE) {
            makespanS = null;
            activeSpanS = 0;
            undefined.put("makespanSeconds", "every submitted job was rejected");
        } else {
            makespanS = (lastEnd - firstSubmit) / 1000.0;
            activeSpanS = makespanS;
        }
        long gpus = 0;
        double delivered = 0;
        for (SimulationResult.PoolSummary ps : r.pools()) {
            gpus += ps.capacityGpus();
            delivered += ps.gpuHoursDelivered();
        }
        if (activeSpanS <= 0 || gpus == 0) {
            activeUtilisation = null;
            undefined.put("gpuUtilisationOverActiveSpan", gpus == 0 ? "no GPUs installed" : "the active span is empty");
        } else {
            activeUtilisation = delivered / (gpus * activeSpanS / 3600.0);
        }
    }

    /** @return last completion - first submission, s; null unless every submitted job completed or was rejected */
    public Double makespanS() {
        return makespanS;
    }

    /** @return JCT of completed jobs, s */
    public Stats jctS() {
        return jctS;
    }

    /** @return time queued, over jobs that started, s */
    public Stats waitS() {
        return waitS;
    }

    /** @return mean JCT / run time over completed jobs, or null */
    public Double meanSlowdown() {
        return meanSlowdown;
    }

    /** @return mean max(1, JCT / max(run time, 10 s)) over completed jobs, or null */
    public Double meanBoundedSlowdown() {
        return meanBoundedSlowdown;
    }

    /** @return per scheduling tenant (tenant order): mean JCT of its completed jobs, s, or null if none completed */
    public Map<String, Double> tenantMeanJctS() {
        return tenantMeanJctS;
    }

    /** @return the active span, s (0 when nothing was submitted or everything was rejected) */
    public double activeSpanS() {
        return activeSpanS;
    }

    /** @return GPU-hours delivered / (installed GPUs x active span), or null */
    public Double activeUtilisation() {
        return activeUtilisation;
    }

    /** @return for each null figure (by its summary.json key), why it is undefined */
    public Map<String, String> undefined() {
        return undefined;
    }
}
