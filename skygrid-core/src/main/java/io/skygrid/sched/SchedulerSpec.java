package io.skygrid.sched;

import java.util.List;

/**
 * Scheduling policy chosen in the scenario: a queue order (QueueSort), backfill and preemption
 * (PostFilter). See {@link QueuePolicies} for the queue orders and their sources.
 *
 * @param queue                 queue order: {@code fifo}, {@code priority}, {@code fairshare}, {@code drf},
 *                              {@code tiresias} or {@code srtf}
 * @param backfill              {@code easy} (EASY backfill, Lifka 1995) or {@code none}
 * @param preemption            whether a blocked job may preempt running jobs (its policy's rule, and
 *                              reclaiming reserved GPUs from borrowers)
 * @param lasThresholdsGpuHours tiresias: attained-service thresholds between its queues, GPU-hours, ascending
 * @param starvationFactor      tiresias: a demoted job waiting longer than this many times its executed
 *                              time is promoted to the first queue (> 0; {@link #STARVATION_OFF},
 *                              +infinity, switches promotion off: pure least-attained-service queues)
 * @param preemptExemptMs       a job that has run less than this since it (re)started is not preempted, ms
 *                              (>= 0; Slurm's PreemptExemptTime): bounds preemption churn
 * @param placement             Filter/Score of pools and data staging ({@link PlacementSpec})
 */
public record SchedulerSpec(String queue, String backfill, boolean preemption, List<Double> lasThresholdsGpuHours,
                            double starvationFactor, long preemptExemptMs, PlacementSpec placement) {
    /** Queue orders known to the simulator. */
    public static final List<String> QUEUES = List.of("fifo", "priority", "fairshare", "drf", "tiresias", "srtf");
    /** Backfill modes. */
    public static final List<String> BACKFILLS = List.of("easy", "none");
    /** Tiresias defaults (Skygrid's choice; the paper tunes them per cluster): queues split at 1 and 10 GPU-hours. */
    public static final List<Double> DEFAULT_LAS_THRESHOLDS_GPU_HOURS = List.of(1.0, 10.0);
    public static final double DEFAULT_STARVATION_FACTOR = 10.0;
    /**
     * {@code starvationFactor} that switches Tiresias' starvation promotion off ({@code starvationFactor: off}
     * in a scenario): a demoted job stays in its queue however long it waits.
     */
    public static final double STARVATION_OFF = Double.POSITIVE_INFINITY;
    /** Default exemption of a freshly (re)started job from preemption in scenarios: 10 minutes (Skygrid's choice). */
    public static final long DEFAULT_PREEMPT_EXEMPT_MS = 600_000L;

    public static final SchedulerSpec DEFAULT = new SchedulerSpec("fifo", "easy");

    public SchedulerSpec {
        lasThresholdsGpuHours = List.copyOf(lasThresholdsGpuHours);
        for (int i = 0; i < lasThresholdsGpuHours.size(); i++) {
            double v = lasThresholdsGpuHours.get(i);
            if (!(v > 0) || (i > 0 && v <= lasThresholdsGpuHours.get(i - 1))) {
                throw new IllegalArgumentException("lasThresholdsGpuHours must be > 0 and ascending");
            }
        }
        if (!(starvationFactor > 0)) throw new IllegalArgumentException("starvationFactor must be > 0 (or STARVATION_OFF)");
        if (preemptExemptMs < 0) throw new IllegalArgumentException("preemptExemptMs must be >= 0");
        if (placement == null) throw new IllegalArgumentException("placement must not be null");
    }

    /** Settings with the default placement ({@link PlacementSpec#DEFAULT}). */
    public SchedulerSpec(String queue, String backfill, boolean preemption, List<Double> lasThresholdsGpuHours,
                         double starvationFactor, long preemptExemptMs) {
        this(queue, backfill, preemption, lasThresholdsGpuHours, starvationFactor, preemptExemptMs,
                PlacementSpec.DEFAULT);
    }

    /** Settings without a preemption exemption (every running job may be preempted at once). */
    public SchedulerSpec(String queue, String backfill, boolean preemption, List<Double> lasThresholdsGpuHours,
                         double starvationFactor) {
        this(queue, backfill, preemption, lasThresholdsGpuHours, starvationFactor, 0L);
    }

    /** A policy without preemption and with the Tiresias defaults. */
    public SchedulerSpec(String queue, String backfill) {
        this(queue, backfill, false, DEFAULT_LAS_THRESHOLDS_GPU_HOURS, DEFAULT_STARVATION_FACTOR,
                DEFAULT_PREEMPT_EXEMPT_MS);
    }

    /** @return the same settings with another queue order */
    public SchedulerSpec withQueue(String q) {
        return new SchedulerSpec(q, backfill, preemption, lasThresholdsGpuHours, starvationFactor, preemptExemptMs, placement);
    }

    /** @return the same settings with preemption on or off */
    public SchedulerSpec withPreemption(boolean on) {
        return new SchedulerSpec(queue, backfill, on, lasThresholdsGpuHours, starvationFactor, preemptExemptMs, placement);
    }

    /** @return the same settings with another backfill */
    public SchedulerSpec withBackfill(String b) {
        return new SchedulerSpec(queue, b, preemption, lasThresholdsGpuHours, starvationFactor, preemptExemptMs, placement);
    }

    /** @return the same settings with another placement */
    public SchedulerSpec withPlacement(PlacementSpec p) {
        return new SchedulerSpec(queue, backfill, preemption, lasThresholdsGpuHours, starvationFactor, preemptExemptMs, p);
    }
}
