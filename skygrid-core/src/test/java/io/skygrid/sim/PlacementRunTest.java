package io.skygrid.sim;

import io.skygrid.sched.SchedulerSpec;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.skygrid.sim.SchedulingPolicyTest.H;
import static io.skygrid.sim.SchedulingPolicyTest.site;
import static org.assertj.core.api.Assertions.assertThat;

/** Topology-aware placement as the simulation reports it: racks / leaves (orbit: formation clusters) spanned. */
class PlacementRunTest {
    private static Simulation.Config config(long horizon) {
        return new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "easy"), true);
    }

    @Test
    void groundGangsSpanTheFewestRacksAndTheResultReportsThem() {
        // 32 nodes of 8 GPUs: 4 racks of 8 nodes (64 GPUs each) under one leaf (Topology.DEFAULT)
        List<Job> jobs = List.of(new Job(0, "t", 64, 0, H, "a"), new Job(1, "t", 72, 0, H, "b"),
                new Job(2, "t", 8, 0, H, "c"));
        SimulationResult r = new Simulation(List.of(site("g", 256)), List.of(), List.of(), jobs, config(10 * H))
                .run(ProgressListener.NONE);
        assertThat(r.racksSpanned(0)).isEqualTo(1);
        assertThat(r.racksSpanned(1)).isEqualTo(2);
        assertThat(r.racksSpanned(2)).isEqualTo(1);
        assertThat(r.leavesSpanned(1)).isEqualTo(1);
        assertThat(r.meanRacksSpanned(0)).isEqualTo(4.0 / 3);
    }

    @Test
    void aWalkerGangSpansSatellitesEachItsOwnClusterAndStillRuns() {
        // Walker satellites fly hundreds of km apart: one satellite per cluster (OrbitalPlacement); a tightly
        // coupled 8-GPU gang over two 4-GPU satellites runs over ISLs instead of never fitting one cluster
        long horizon = 10 * H;
        List<Job> jobs = List.of(new Job(0, "t", 8, 0, H, "a"));
        SimulationResult r = new Simulation(List.of(), List.of(FailureRunTest.constellation()),
                List.of(FailureRunTest.alwaysSunlit(horizon)), jobs, config(horizon)).run(ProgressListener.NONE);
        assertThat(jobs.get(0).looselyCoupled()).isFalse();
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.nodesSpanned(0)).isEqualTo(2);
        assertThat(r.racksSpanned(0)).isEqualTo(2);
    }
}
