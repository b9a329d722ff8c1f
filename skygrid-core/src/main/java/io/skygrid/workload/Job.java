package io.skygrid.workload;

/**
 * A unit of gang-scheduled work: all {@code gpus} start together and run for {@code durationMs}
 * of uninterrupted compute.
 *
 * @param id         unique id within the workload, 0-based, in order of loading (trace row order)
 * @param tenant     submitting tenant (for Philly: the virtual cluster)
 * @param gpus       GPUs requested, >= 1
 * @param submitMs   submission time, ms since the scenario epoch, >= 0
 * @param durationMs compute time needed, ms, >= 1
 * @param origin     where it came from, e.g. {@code philly.csv:124} or {@code generator#17}
 * @param looselyCoupled whether the gang tolerates slow links between its parts (e.g. data-parallel
 *                   replicas that synchronise rarely), so that in orbit it may span formation clusters;
 *                   false (the default) keeps an orbital gang inside one cluster
 *                   ({@link io.skygrid.sched.OrbitalPlacement})
 */
public record Job(int id, String tenant, int gpus, long submitMs, long durationMs, String origin,
                  boolean looselyCoupled) {
    /** A tightly coupled job (the default). */
    public Job(int id, String tenant, int gpus, long submitMs, long durationMs, String origin) {
        this(id, tenant, gpus, submitMs, durationMs, origin, false);
    }

    public Job {
        if (gpus < 1) throw new IllegalArgumentException("job " + id + ": gpus must be >= 1");
        if (submitMs < 0) throw new IllegalArgumentException("job " + id + ": submitMs must be >= 0");
        if (durationMs < 1) throw new IllegalArgumentException("job " + id + ": durationMs must be >= 1");
    }

    /** @return GPU-hours the job needs */
    public double gpuHours() {
        return gpus * (durationMs / 3_600_000.0);
    }
}
