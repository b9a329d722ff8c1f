package io.skygrid.sched;

import java.util.List;

/**
 * The queue orders (QueueSort plugins) and their preemption rules. Ties always go to the earlier
 * submission.
 *
 * <ul>
 *   <li>{@code fifo}: submission order (first come, first served). Never preempts for order.</li>
 *   <li>{@code priority}: priority classes, higher first, FIFO within a class; a job may preempt jobs of
 *       strictly lower classes (Kubernetes PriorityClass and its preemption, kubernetes.io "Pod Priority and
 *       Preemption"; Slurm's partition PriorityTier with PreemptMode).</li>
 *   <li>{@code fairshare}: weighted fair share of GPUs: the tenant with the fewest GPUs held per unit of
 *       weight goes first (Fair Scheduler of Hadoop YARN; max-min fairness). A job may preempt a job of
 *       another tenant only if its own tenant stays within its fair share (weight / sum of weights of the
 *       capacity) with it and the victim's tenant stays at or above its fair share without the victim (the
 *       YARN Fair Scheduler's fair-share preemption); neither side can then preempt back, so preemption
 *       never ping-pongs.</li>
 *   <li>{@code drf}: Dominant Resource Fairness (Ghodsi et al., "Dominant Resource Fairness: Fair
 *       Allocation of Multiple Resource Types", NSDI 2011): the resources are the GPUs of each pool
 *       (different sites and constellations are different resource types), a tenant's dominant share is
 *       its largest share of any pool divided by its weight, and the tenant with the lowest dominant share
 *       goes first (progressive filling). Preemption as for fairshare, with weighted dominant shares against
 *       the entitlement 1 / sum of weights.</li>
 *   <li>{@code tiresias}: discretised two-dimensional least-attained-service (Gu et al., "Tiresias: A GPU
 *       Cluster Manager for Distributed Deep Learning", NSDI 2019): attained service = GPUs x executed time;
 *       queues split at GPU-hour thresholds, lower queues first, FIFO within a queue; a job in a lower queue
 *       preempts jobs in higher queues; a demoted job that waited longer than {@code starvationFactor} times
 *       its executed time returns to the first queue with its attained service reset (Tiresias' starvation
 *       guard).</li>
 *   <li>{@code srtf}: shortest remaining time first, preemptive (Schrage 1968): runtimes are known to the
 *       simulator (trace-driven), and a waiting job preempts running jobs with strictly longer remaining
 *       time.</li>
 * </ul>
 */
public final class QueuePolicies {
    private QueuePolicies() {
    }

    /**
     * @param spec            the scenario's scheduler settings ({@link SchedulerSpec#queue()} names the order)
     * @param tenantPriority  priority class per tenant (for {@code priority})
     * @return the policy
     * @throws IllegalArgumentException for an unknown name
     */
    public static QueuePolicy of(SchedulerSpec spec, int[] tenantPriority) {
        return switch (spec.queue()) {
            case "fifo" -> new Fifo();
            case "priority" -> new Priority(tenantPriority);
            case "fairshare" -> new FairShare();
            case "drf" -> new Drf();
            case "tiresias" -> new Tiresias(spec.lasThresholdsGpuHours(), spec.starvationFactor());
            case "srtf" -> new Srtf();
            default -> throw new IllegalArgumentException("unknown queue policy '" + spec.queue() + "' (known: "
                    + String.join(", ", SchedulerSpec.QUEUES) + ")");
        };
    }

    /** First come, first served. */
    public static final class Fifo implements QueuePolicy {
        @Override
        public String name() {
            return "fifo";
        }

        @Override
        public boolean before(int a, int b, SchedView v, long now) {
            return a < b;
        }
    }

    /** Priority classes of the tenants, higher first. */
    public static final class Priority implements QueuePolicy {
        private final int[] classOfTenant;
        private final int classes;

        Priority(int[] tenantPriority) {
            int[] levels = java.util.Arrays.stream(tenantPriority).distinct().sorted().toArray();
            classes = Math.max(1, levels.length);
            classOfTenant = new int[tenantPriority.length];
            for (int t = 0; t < tenantPriority.length; t++) {
                // class 0 = highest priority
                classOfTenant[t] = levels.length - 1 - java.util.Arrays.binarySearch(levels, tenantPriority[t]);
            }
        }

        @Override
        public String name() {
            return "priority";
        }

        @Override
        public int classes() {
            return classes;
        }

        @Override
        public int classOf(int j, SchedView v, long now) {
            return classOfTenant[v.tenantOf(j)];
        }

        @Override
        public boolean before(int a, int b, SchedView v, long now) {
            int pa = v.priority(v.tenantOf(a));
            int pb = v.priority(v.tenantOf(b));
            return pa != pb ? pa > pb : a < b;
        }

        @Override
        public boolean mayPreempt(int head, int victim, int pool, SchedView v, long now) {
            return v.priority(v.tenantOf(victim)) < v.priority(v.tenantOf(head));
        }
    }

    /** Weighted fair share of GPUs across tenants. */
    public static final class FairShare implements QueuePolicy {
        @Override
        public String name() {
            return "fairshare";
        }

        @Override
        public boolean perTenant() {
            return true;
        }

        static double share(SchedView v, int t, long extra) {
            long total = 0;
            for (int p = 0; p < v.pools(); p++) {
                total += v.capacityGpus(p);
            }
            return (v.heldGpus(t) + extra) / (double) Math.max(1, total) / v.weight(t);
        }

        @Override
        public boolean before(int a, int b, SchedView v, long now) {
            int ta = v.tenantOf(a);
            int tb = v.tenantOf(b);
            if (ta != tb) {
                double sa = share(v, ta, 0);
                double sb = share(v, tb, 0);
                if (sa != sb) return sa < sb;
            }
            return a < b;
        }

        @Override
        public boolean mayPreempt(int head, int victim, int pool, SchedView v, long now) {
            int t = v.tenantOf(head);
            int u = v.tenantOf(victim);
            // shares here are weighted (held / weight / capacity); entitlement = 1 / sum of weights
            double fair = 1.0 / totalWeight(v);
            return t != u && share(v, t, v.gpus(head)) <= fair && share(v, u, -v.gpus(victim)) >= fair;
        }
    }

    /** @return the sum of all tenants' weights */
    static double totalWeight(SchedView v) {
        double w = 0;
        for (int t = 0; t < v.tenants(); t++) {
            w += v.weight(t);
        }
        return w;
    }

    /** Dominant Resource Fairness over the pools' GPUs. */
    public static final class Drf implements QueuePolicy {
        @Override
        public String name() {
            return "drf";
        }

        @Override
        public boolean perTenant() {
            return true;
        }

        /** Dominant share of tenant t with {@code extra} GPUs added in pool {@code pool} (-1: none). */
        static double dominant(SchedView v, int t, int pool, long extra) {
            double d = 0;
            for (int p = 0; p < v.pools(); p++) {
                long held = v.heldGpus(t, p) + (p == pool ? extra : 0);
                d = Math.max(d, held / (double) Math.max(1, v.capacityGpus(p)));
            }
            return d / v.weight(t);
        }

        @Override
        public boolean before(int a, int b, SchedView v, long now) {
            int ta = v.tenantOf(a);
            int tb = v.tenantOf(b);
            if (ta != tb) {
                double sa = dominant(v, ta, -1, 0);
                double sb = dominant(v, tb, -1, 0);
                if (sa != sb) return sa < sb;
            }
            return a < b;
        }

        @Override
        public boolean mayPreempt(int head, int victim, int pool, SchedView v, long now) {
            int t = v.tenantOf(head);
            int u = v.tenantOf(victim);
            double fair = 1.0 / totalWeight(v);
            return t != u && dominant(v, t, pool, v.gpus(head)) <= fair && dominant(v, u, pool, -v.gpus(victim)) >= fair;
        }
    }

    /** Discretised 2D least-attained-service with a starvation guard. */
    public static final class Tiresias implements QueuePolicy {
        private final double[] thresholdsGpuMs;
        private final double starvationFactor;

        Tiresias(List<Double> thresholdsGpuHours, double starvationFactor) {
            thresholdsGpuMs = thresholdsGpuHours.stream().mapToDouble(h -> h * 3_600_000.0).toArray();
            this.starvationFactor = starvationFactor;
        }

        @Override
        public String name() {
            return "tiresias";
        }

        @Override
        public int classes() {
            return thresholdsGpuMs.length + 1;
        }

        /** @return queue of a job with the given attained service, 0 = highest priority */
        public int level(double attainedGpuMs) {
            int k = 0;
            while (k < thresholdsGpuMs.length && attainedGpuMs >= thresholdsGpuMs[k]) {
                k++;
            }
            return k;
        }

        /** @return the attained service at which a job at {@code level} moves down, or +inf */
        public double nextThresholdGpuMs(int level) {
            return level < thresholdsGpuMs.length ? thresholdsGpuMs[level] : Double.POSITIVE_INFINITY;
        }

        @Override
        public int classOf(int j, SchedView v, long now) {
            return level(v.attainedGpuMs(j, now));
        }

        @Override
        public boolean before(int a, int b, SchedView v, long now) {
            int la = level(v.attainedGpuMs(a, now));
            int lb = level(v.attainedGpuMs(b, now));
            return la != lb ? la < lb : a < b;
        }

        @Override
        public boolean mayPreempt(int head, int victim, int pool, SchedView v, long now) {
            return level(v.attainedGpuMs(victim, now)) > level(v.attainedGpuMs(head, now));
        }

        @Override
        public long promoteAfterMs(int j, long executedMs, SchedView v, long now) {
            if (starvationFactor == SchedulerSpec.STARVATION_OFF || level(v.attainedGpuMs(j, now)) == 0) {
                return -1; // promotion switched off, or already in the first queue
            }
            return Math.max(1, Math.round(starvationFactor * executedMs));
        }
    }

    /** Shortest remaining time first, preemptive. */
    public static final class Srtf implements QueuePolicy {
        @Override
        public String name() {
            return "srtf";
        }

        @Override
        public long keyWithinClass(int j, SchedView v, long now) {
            return v.remainingMs(j, now);
        }

        @Override
        public boolean before(int a, int b, SchedView v, long now) {
            long ra = v.remainingMs(a, now);
            long rb = v.remainingMs(b, now);
            return ra != rb ? ra < rb : a < b;
        }

        @Override
        public boolean mayPreempt(int head, int victim, int pool, SchedView v, long now) {
            return v.remainingMs(victim, now) > v.remainingMs(head, now);
        }
    }
}
