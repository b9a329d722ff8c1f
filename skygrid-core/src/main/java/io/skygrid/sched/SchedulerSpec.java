package io.skygrid.sched;

/**
 * Scheduling policy chosen in the scenario.
 *
 * @param queue    queue order: {@code fifo}
 * @param backfill {@code easy} (EASY backfill, Lifka 1995) or {@code none}
 */
public record SchedulerSpec(String queue, String backfill) {
    public static final SchedulerSpec DEFAULT = new SchedulerSpec("fifo", "easy");
}
