package io.skygrid.sched;

/**
 * QueueSort and the preemption rule of a scheduling policy (DESIGN.md section 6), independent of any event
 * loop: given the view of queued and running jobs, it says which of two waiting jobs goes first and
 * whether a waiting job may preempt a running one.
 *
 * <p>Queued jobs are kept in sub-queues by {@link #classOf class} (and by tenant where quotas or fair share
 * need it), each ordered by {@link #keyWithinClass} then by submission order; the scheduler compares only
 * the heads of the sub-queues with {@link #before}, so a policy must order a sub-queue's members the way
 * {@link #before} would.
 */
public interface QueuePolicy {
    /** @return the name used in scenarios and reports */
    String name();

    /** @return number of classes (levels) of queued jobs */
    default int classes() {
        return 1;
    }

    /** @return class of queued job {@code j} at {@code now} (fixed while it waits, except by {@link #promoteAfterMs}) */
    default int classOf(int j, SchedView v, long now) {
        return 0;
    }

    /** @return order key within a sub-queue (ascending; ties by submission order) */
    default long keyWithinClass(int j, SchedView v, long now) {
        return 0;
    }

    /** @return whether sub-queue per tenant is needed (fair-share policies) */
    default boolean perTenant() {
        return false;
    }

    /**
     * @param a  a waiting job (head of its sub-queue)
     * @param b  another waiting job (head of its sub-queue); {@code a != b}
     * @return whether {@code a} goes before {@code b}
     */
    boolean before(int a, int b, SchedView v, long now);

    /**
     * @param pool pool where {@code victim} runs (and where {@code head} would start)
     * @return whether waiting job {@code head} may preempt running job {@code victim} under this policy
     */
    default boolean mayPreempt(int head, int victim, int pool, SchedView v, long now) {
        return false;
    }

    /**
     * Starvation guard: a job re-queued after running {@code executedMs} is moved to class 0 after waiting
     * this long.
     *
     * @return the wait, ms, or -1 for never
     */
    default long promoteAfterMs(int j, long executedMs, SchedView v, long now) {
        return -1;
    }
}
