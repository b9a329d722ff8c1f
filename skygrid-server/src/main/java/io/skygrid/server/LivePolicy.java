package io.skygrid.server;

import java.util.Comparator;

/**
 * The scheduling decision of the live control plane, kept behind this small interface so that the
 * multi-tenant policy plugins of {@code io.skygrid.sched} (tenants/quotas, FIFO, priority, DRF,
 * Tiresias, SRTF, preemption) can replace it: the control plane owns state, durability and placement
 * mechanics (gang placement with {@link io.skygrid.sched.NodePool}); a policy decides the order in
 * which queued jobs are considered (the Kubernetes scheduling framework's QueueSort) and whether a
 * tenant-level rule holds a job back (admission).
 */
public interface LivePolicy {
    /** @return policy name shown in metrics and the fleet view */
    String name();

    /** @return order in which queued jobs are considered; must be a total order (break ties by id) */
    Comparator<LiveJob> queueOrder();

    /**
     * @param job       a queued job
     * @param heldGpus  GPUs the job's tenant holds now (running jobs)
     * @param quotaGpus the tenant's quota, GPUs held at once
     * @return true if a tenant-level rule holds the job back now
     */
    boolean heldBack(LiveJob job, long heldGpus, long quotaGpus);

    /**
     * The built-in policy: higher {@code priority} first, then first come first served (submission
     * time, then id); jobs that restart after a failure or a restart of the server keep their
     * original place. A tenant may hold at most its quota of GPUs at once. A queued job that does not
     * fit is skipped and later jobs may start (first-fit, no reservation for the head: large gangs can
     * wait behind a stream of small ones; the DRF/Tiresias plugins address that).
     */
    LivePolicy PRIORITY_FIFO_QUOTA = new LivePolicy() {
        private final Comparator<LiveJob> order = Comparator.<LiveJob>comparingInt(j -> -j.priority)
                .thenComparingLong(j -> j.submitMs).thenComparingLong(j -> j.id);

        @Override
        public String name() {
            return "priority-fifo-quota";
        }

        @Override
        public Comparator<LiveJob> queueOrder() {
            return order;
        }

        @Override
        public boolean heldBack(LiveJob job, long heldGpus, long quotaGpus) {
            return heldGpus + job.gpus > quotaGpus;
        }
    };
}
