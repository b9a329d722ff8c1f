package io.skygrid.scenario;

import io.skygrid.econ.Economics;
import io.skygrid.fleet.Fleet;
import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sim.FailureSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.workload.WorkloadSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A validated scenario: the fleet, the workload and the policy, over a time window.
 *
 * @param name      scenario name
 * @param epoch     start of simulated time (UTC)
 * @param horizon   simulated duration; {@link #UNTIL_DONE_CAP} for {@code horizon: until-done}
 * @param seed      seed of every random draw in the run
 * @param fleet     ground sites, constellations, ground stations
 * @param workload  trace or generator; null only in an orbit-only scenario read by
 *                  {@link ScenarioLoader#loadWithoutWorkload} (never given to a simulation)
 * @param scheduler policy
 * @param output    output folder (relative paths resolve against the working directory)
 * @param source    file the scenario was read from, or {@code <built-in default>}
 * @param economics cost inputs (the {@code economics} section; every default when absent)
 * @param failures  failure model ({@link FailureSpec#NONE} without a {@code failures} section)
 * @param tenancy   tenants, quotas and the mapping of workload tenants onto them
 * @param checkpoint checkpoint classes and storage bandwidth (preemption costs)
 * @param inference inference services served beside the workload ({@code workload.inference}), or null
 */
public record Scenario(String name, Instant epoch, Duration horizon, long seed, Fleet fleet, WorkloadSpec workload,
                       SchedulerSpec scheduler, Path output, String source, Economics economics, FailureSpec failures,
                       Tenancy tenancy, CheckpointSpec checkpoint, io.skygrid.workload.InferenceSpec inference) {

    /** A scenario without inference services. */
    public Scenario(String name, Instant epoch, Duration horizon, long seed, Fleet fleet, WorkloadSpec workload,
                    SchedulerSpec scheduler, Path output, String source, Economics economics, FailureSpec failures,
                    Tenancy tenancy, CheckpointSpec checkpoint) {
        this(name, epoch, horizon, seed, fleet, workload, scheduler, output, source, economics, failures, tenancy,
                checkpoint, null);
    }

    /** A scenario with every cost input at its default, no failures, implicit tenants and default checkpoints. */
    public Scenario(String name, Instant epoch, Duration horizon, long seed, Fleet fleet, WorkloadSpec workload,
                    SchedulerSpec scheduler, Path output, String source) {
        this(name, epoch, horizon, seed, fleet, workload, scheduler, output, source, Economics.DEFAULTS, FailureSpec.NONE,
                Tenancy.implicit(), CheckpointSpec.DEFAULT);
    }

    /** The value of {@code horizon} that runs until every job has ended. */
    public static final String UNTIL_DONE = "until-done";
    /**
     * Safety cap of {@code horizon: until-done}, ten years of 365.25 days: a run still not drained by then
     * ends with an error naming the jobs left. Longer than any fixed horizon (at most 366 d), so it also marks
     * an until-done scenario (see {@link #untilDone()}).
     */
    public static final Duration UNTIL_DONE_CAP = Duration.ofDays(3652).plusHours(12);

    /**
     * @return whether the scenario runs until every job has ended ({@code horizon: until-done}); its
     *         {@link #horizon()} is then the safety cap {@link #UNTIL_DONE_CAP}, and the span actually simulated
     *         is the result's horizon
     */
    public boolean untilDone() {
        return horizon.equals(UNTIL_DONE_CAP);
    }

    /** @return horizon in ms */
    public long horizonMs() {
        return horizon.toMillis();
    }

    /** @return a copy with another workload */
    public Scenario withWorkload(WorkloadSpec w) {
        return new Scenario(name, epoch, horizon, seed, fleet, w, scheduler, output, source, economics, failures, tenancy, checkpoint, inference);
    }

    /** @return a copy writing to {@code out} */
    public Scenario withOutput(Path out) {
        return new Scenario(name, epoch, horizon, seed, fleet, workload, scheduler, out, source, economics, failures, tenancy, checkpoint, inference);
    }

    /** @return a copy under another scheduling policy */
    public Scenario withScheduler(SchedulerSpec s) {
        return new Scenario(name, epoch, horizon, seed, fleet, workload, s, output, source, economics, failures, tenancy, checkpoint, inference);
    }
}
