package io.skygrid.sched;

import java.util.Map;

/**
 * A tenant (an AI lab, a team) as the cluster owner configured it.
 *
 * <p>Quota semantics follow the "nominal quota + borrowing limit" model of Kubernetes Kueue
 * ClusterQueues and the guaranteed/elastic capacity of the YARN Capacity Scheduler: the reserved GPUs
 * of a pool are guaranteed to the tenant, lent to other tenants while idle, and reclaimed by
 * preemption of the borrowers' jobs when the owner needs them (with {@code preemption: true}; without
 * it the owner waits until the borrowed GPUs are released).
 *
 * @param name            tenant name, unique
 * @param reservedGpus    guaranteed GPUs per pool (ground site or constellation name -> GPUs, >= 0)
 * @param borrowLimitGpus most GPUs the tenant may hold beyond its reservations, summed over pools, >= 0;
 *                        {@link Long#MAX_VALUE} for no limit
 * @param weight          fair-share weight (> 0): shares are compared as GPUs held / weight
 * @param priority        priority class (higher goes first under the {@code priority} queue), any integer
 */
public record TenantSpec(String name, Map<String, Long> reservedGpus, long borrowLimitGpus, double weight, int priority) {
    public TenantSpec {
        reservedGpus = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reservedGpus));
        if (borrowLimitGpus < 0) throw new IllegalArgumentException(name + ": borrowLimitGpus must be >= 0");
        if (!(weight > 0) || Double.isInfinite(weight)) throw new IllegalArgumentException(name + ": weight must be > 0");
        for (Map.Entry<String, Long> e : reservedGpus.entrySet()) {
            if (e.getValue() < 0) throw new IllegalArgumentException(name + ": reserved " + e.getKey() + " must be >= 0");
        }
    }

    /** A tenant with no reservation, no borrowing limit, weight 1 and priority 0. */
    public static TenantSpec plain(String name) {
        return new TenantSpec(name, Map.of(), Long.MAX_VALUE, 1.0, 0);
    }
}
