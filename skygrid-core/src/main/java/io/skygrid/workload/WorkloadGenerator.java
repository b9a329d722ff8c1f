package io.skygrid.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic gang-scheduled workload whose job-size and duration mix follows the Microsoft Philly trace
 * (Jeon et al., "Analysis of Large-Scale Multi-Tenant GPU Clusters for DNN Training Workloads",
 * USENIX ATC'19).
 *
 * <h2>Parameter table and its source</h2>
 * Both tables below were fitted once, offline, from the 82,247 jobs of the published {@code philly.csv}
 * (Pollux/AdaptDL processing of the Philly trace, {@code github.com/petuum/adaptdl
 * simulator/traces/philly.csv} @ de25dcc9, the same file {@link PhillyTraceReader} reads) and are embedded
 * here as constants: the generator never reads the file.
 * <ul>
 *   <li><b>Job sizes</b> ({@link #SIZES}, {@link #SIZE_COUNTS}): the number of jobs of each size in the
 *       file, with the two non-power-of-two sizes rounded up (7 jobs of 12 GPUs counted as 16, 7 of 24 as
 *       32). Shares: 1 GPU 93.17 %, 2: 2.21 %, 4: 2.27 %, 8: 2.00 %, 16: 0.250 %, 32: 0.090 %,
 *       64: 0.0073 %, 128: 0.0036 %.</li>
 *   <li><b>Durations</b> ({@link #QUANTILE_P}, {@link #DURATION_QUANTILES_S}): empirical quantiles
 *       (order statistics, numpy {@code inverted_cdf}) of {@code duration} in seconds per size class
 *       1, 2, 4, 8 and 16+ GPUs (16..128 pooled: 289 jobs), at the 30 probabilities of
 *       {@link #QUANTILE_P}, dense in the tail because the tail carries most GPU time. A duration is drawn
 *       by inverse transform: a uniform {@code u} is located between two tabulated probabilities and the
 *       duration interpolated log-linearly (geometrically) between the two quantiles. Table means (s):
 *       8,561 / 31,148 / 79,146 / 131,021 / 97,396 against the file's 8,301 / 30,942 / 78,762 / 129,775 /
 *       95,326 (within 3.2 %).</li>
 * </ul>
 * Cross-check against the Philly row of the Acme summary ({@code traces/acme/cluster_summary.csv}; Hu et
 * al., "Characterization of Large Language Model Development in the Datacenter", NSDI'24), which covers
 * all 112,956 GPU jobs of the full trace including killed and failed ones: mean 1.93 GPUs, median run time
 * 874 s, mean 18,006 s, max 128 GPUs. The Pollux file used here has mean 1.30 GPUs, median 1,144 s,
 * mean 13,136 s, max 128 GPUs: the same shape, with fewer large jobs. The file was chosen as the source
 * because it is the form of the trace used by the Pollux and Sia scheduler evaluations, so generated and
 * replayed workloads are comparable.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Gang limit</b>: sizes larger than {@code min(maxGangGpus, totalGpus)} are not generated; the
 *       size distribution is the table truncated to the sizes that fit, renormalised. Every generated job
 *       can therefore run on the fleet and the offered load is really offered (a job no site can hold
 *       would only be rejected). Clamping large jobs to the limit was rejected because it would pile the
 *       tail's mass onto one size.</li>
 *   <li><b>Arrivals</b>: Poisson process over {@code [0, horizonMs)} with rate
 *       {@code lambda = offeredLoad x totalGpus / E[gpus x durationMs]} jobs per ms, where the expectation
 *       is taken analytically over the (truncated) tables. Hence the expected GPU demand submitted per unit
 *       time is {@code offeredLoad x totalGpus}; the offered load of a generated workload is
 *       {@code sum(gpus x durationMs) / (totalGpus x horizonMs)}. Durations may extend past the horizon.</li>
 *   <li><b>Tenants</b>: each job's tenant is drawn uniformly from {@code spec.tenants()}.</li>
 *   <li><b>Determinism</b>: one {@link SplittableRandom}{@code (seed)}; per job, in this order: the
 *       inter-arrival gap, the size, the duration, the tenant. Same arguments, same jobs.</li>
 *   <li><b>Size bound</b>: at most {@value #MAX_EXPECTED_JOBS} expected jobs (e.g. offered load 2 on
 *       100,000 GPUs over 366 days would be about 160 million); a larger request is refused with an
 *       {@link IllegalArgumentException} naming offeredLoad and the horizon.</li>
 *   <li><b>Ids</b> 0, 1, 2... in submission order; origin {@code generator#<id>}; durations rounded to ms
 *       (at least 1 ms); nothing is skipped.</li>
 * </ul>
 */
public final class WorkloadGenerator {
    /**
     * Largest expected number of generated jobs. A job with its origin string takes about 150-200 bytes,
     * so this bound keeps a generated workload under about 4 GB of heap; beyond it the generator refuses
     * instead of running out of memory.
     */
    public static final long MAX_EXPECTED_JOBS = 20_000_000L;
    /** Job sizes, GPUs. */
    static final int[] SIZES = {1, 2, 4, 8, 16, 32, 64, 128};
    /** Jobs of each size in the Philly file (12 counted as 16, 24 as 32); weights of the size draw. */
    static final int[] SIZE_COUNTS = {76_627, 1_818, 1_870, 1_643, 206, 74, 6, 3};
    /** Cumulative probabilities at which {@link #DURATION_QUANTILES_S} are tabulated. */
    static final double[] QUANTILE_P = {0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5,
            0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999, 1};
    /** Duration quantiles, seconds, per size class 1, 2, 4, 8, 16+ GPUs (rows), at {@link #QUANTILE_P}. */
    static final double[][] DURATION_QUANTILES_S = {
            {1, 30, 42, 52, 62, 69, 76, 122, 215, 385, 600, 855, 1117, 1446, 1728, 2054, 2464, 2716, 3754,
                    5342, 8512, 19137, 68259, 135404, 266986, 503281, 868927, 1449409, 2643038, 3256045},
            {2, 5, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20, 21, 23, 25, 28, 33, 76, 150, 22366, 73625, 197392,
                    343945, 526030, 810065, 1399002, 1521148, 2582803, 2582803, 2582803},
            {3, 35, 45, 75, 136, 179, 400, 772, 1695, 4456, 7457, 13082, 17388, 26253, 36253, 56900, 78636,
                    89422, 106275, 151663, 184426, 274339, 536225, 908661, 1213031, 2059338, 2641566, 2750674,
                    2750674, 2750674},
            {1, 33, 64, 125, 216, 463, 783, 1871, 3940, 7268, 12390, 16653, 23683, 36588, 64753, 105906,
                    140815, 173288, 203140, 242280, 352409, 525631, 807057, 1066894, 2010727, 2240194, 2658784,
                    4628226, 4628226, 4628226},
            {1, 2, 4, 35, 69, 210, 345, 566, 880, 1571, 3165, 8846, 21137, 45047, 53862, 58735, 73728, 104218,
                    159985, 181596, 252560, 446126, 622377, 1152387, 1369876, 1710643, 1710643, 1710643,
                    1710643, 1710643}};

    private WorkloadGenerator() {
    }

    /**
     * Generates a Philly-like workload.
     *
     * @param spec        offered load (fraction of {@code totalGpus}, finite, &gt;= 0) and tenant names
     *                    (non-empty)
     * @param totalGpus   GPUs of the fleet, &gt;= 1
     * @param maxGangGpus largest gang the fleet can place, GPUs, &gt;= 1; larger sizes are not generated
     * @param horizonMs   arrivals are generated over {@code [0, horizonMs)}, ms since the scenario epoch,
     *                    &gt;= 0
     * @param seed        seed of the {@link SplittableRandom}
     * @return jobs sorted by (submitMs, id); submitMs in ms since the scenario epoch, durationMs in ms
     * @throws IllegalArgumentException on an argument out of range, or if the expected number of jobs
     *                                  {@code offeredLoad x totalGpus x horizonMs / E[gpus x durationMs]}
     *                                  exceeds {@value #MAX_EXPECTED_JOBS} (about 4 GB of heap for the
     *                                  jobs; the message names offeredLoad and the horizon)
     */
    public static Workload generate(WorkloadSpec.Generated spec, long totalGpus, int maxGangGpus, long horizonMs,
                                    long seed) {
        double load = spec.offeredLoad();
        List<String> tenants = spec.tenants();
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("offeredLoad must be finite and >= 0, got " + load);
        }
        if (tenants == null || tenants.isEmpty()) {
            throw new IllegalArgumentException("tenants must not be empty");
        }
        if (totalGpus < 1) {
            throw new IllegalArgumentException("totalGpus must be >= 1, got " + totalGpus);
        }
        if (maxGangGpus < 1) {
            throw new IllegalArgumentException("maxGangGpus must be >= 1, got " + maxGangGpus);
        }
        if (horizonMs < 0) {
            throw new IllegalArgumentException("horizonMs must be >= 0, got " + horizonMs);
        }
        String source = String.format(java.util.Locale.ROOT,
                "generated Philly-like jobs offering %s x %,d GPUs, tenants %s, seed %d",
                load, totalGpus, String.join(", ", tenants), seed);
        int classes = sizeClasses(Math.min(maxGangGpus, totalGpus));
        double[] cumulative = new double[classes];
        double total = 0;
        for (int i = 0; i < classes; i++) {
            total += SIZE_COUNTS[i];
            cumulative[i] = total;
        }
        double ratePerMs = load * totalGpus / meanGpuMs(classes);
        double expectedJobs = ratePerMs * horizonMs;
        if (expectedJobs > MAX_EXPECTED_JOBS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "offeredLoad %s over a horizon of %.1f days on %,d GPUs means about %,d jobs, more than the"
                            + " %,d the generator allows: lower offeredLoad or the horizon",
                    load, horizonMs / 86_400_000.0, totalGpus, Math.round(expectedJobs), MAX_EXPECTED_JOBS));
        }
        List<Job> jobs = new ArrayList<>((int) (ratePerMs * horizonMs * 1.01) + 16);
        if (ratePerMs == 0) {
            return new Workload(jobs, java.util.Map.of(), source);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / ratePerMs;
            if (t >= horizonMs) {
                break;
            }
            double pick = random.nextDouble() * total;
            int c = 0;
            while (c < classes - 1 && pick >= cumulative[c]) {
                c++;
            }
            long durationMs = Math.max(1, Math.round(1000 * duration(durationClass(c), random.nextDouble())));
            String tenant = tenants.get(random.nextInt(tenants.size()));
            int id = jobs.size();
            jobs.add(new Job(id, tenant, SIZES[c], (long) t, durationMs, "generator#" + id));
        }
        return new Workload(jobs, java.util.Map.of(), source);
    }

    /** @return how many entries of {@link #SIZES} are &lt;= {@code limit} (at least 1) */
    static int sizeClasses(long limit) {
        int n = 0;
        while (n < SIZES.length && SIZES[n] <= limit) {
            n++;
        }
        return Math.max(1, n);
    }

    /** @return row of {@link #DURATION_QUANTILES_S} for size index {@code c} (16 GPUs and up pooled) */
    private static int durationClass(int c) {
        return Math.min(c, 4);
    }

    /** Inverse CDF of the duration table: seconds at cumulative probability {@code u} in [0, 1). */
    static double duration(int durationClass, double u) {
        double[] q = DURATION_QUANTILES_S[durationClass];
        int i = 0;
        while (i < QUANTILE_P.length - 2 && u >= QUANTILE_P[i + 1]) {
            i++;
        }
        double f = (u - QUANTILE_P[i]) / (QUANTILE_P[i + 1] - QUANTILE_P[i]);
        return q[i] * Math.pow(q[i + 1] / q[i], f);
    }

    /** @return mean duration of a size class's table, seconds (exact for the log-linear interpolation) */
    static double meanDurationS(int durationClass) {
        double[] q = DURATION_QUANTILES_S[durationClass];
        double mean = 0;
        for (int i = 0; i + 1 < q.length; i++) {
            double w = QUANTILE_P[i + 1] - QUANTILE_P[i];
            double a = q[i];
            double b = q[i + 1];
            mean += w * (a == b ? a : (b - a) / Math.log(b / a));
        }
        return mean;
    }

    /** @return E[gpus x durationMs] over the first {@code classes} sizes, GPU-ms per job */
    static double meanGpuMs(int classes) {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < classes; i++) {
            weighted += SIZE_COUNTS[i] * (double) SIZES[i] * meanDurationS(durationClass(i));
            total += SIZE_COUNTS[i];
        }
        return 1000 * weighted / total;
    }
}
