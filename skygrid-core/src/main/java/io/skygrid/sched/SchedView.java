package io.skygrid.sched;

/**
 * What a queue policy may read about jobs, tenants and pools. Implemented by the discrete-event
 * simulation; a live control plane implements it over its own state. Jobs, tenants and pools are dense
 * indices.
 */
public interface SchedView {
    /** @return GPUs of job {@code j}'s gang */
    int gpus(int j);

    /** @return tenant index of job {@code j} */
    int tenantOf(int j);

    /** @return wall time job {@code j} still needs to run (including a pending checkpoint restore) at {@code now}, ms */
    long remainingMs(int j, long now);

    /** @return GPU time job {@code j} has received so far at {@code now} (Tiresias' attained service), GPU-ms */
    double attainedGpuMs(int j, long now);

    int tenants();

    /** @return fair-share weight of tenant {@code t} */
    double weight(int t);

    /** @return priority class of tenant {@code t} */
    int priority(int t);

    int pools();

    /** @return GPUs of pool {@code p} that may run at once */
    long capacityGpus(int p);

    /** @return GPUs tenant {@code t} holds in pool {@code p} */
    long heldGpus(int t, int p);

    /** @return GPUs tenant {@code t} holds in all pools */
    long heldGpus(int t);
}
