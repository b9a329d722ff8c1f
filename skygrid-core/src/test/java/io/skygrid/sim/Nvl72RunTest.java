package io.skygrid.sim;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.GroundSite;
import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.skygrid.sim.SchedulingPolicyTest.H;
import static org.assertj.core.api.Assertions.assertThat;

/** A ground site of GB200 NVL72 racks from a scenario file: one 72-GPU NVLink domain per node. */
class Nvl72RunTest {
    static final String SCENARIO = """
            name: nvl72
            epoch: 2026-06-01T00:00:00Z
            horizon: 1d
            ground:
              - name: colossus-2
                location: {lat: 35.06, lon: -90.03}
                accelerator: GB200
                gpus: 288
                gpusPerNode: 72
                powerCapW: 1e6
                electricityUsdPerKWh: 0.06
            workload:
              generator: {offeredLoad: 0.9}
            """;

    @Test
    void gangsOfMoreThan64GpusRunOnOneNvl72Node() {
        Scenario s = ScenarioLoader.parse(SCENARIO, "scenario.yaml", Path.of("."));
        GroundSite site = s.fleet().ground().get(0);
        assertThat(site.gpusPerNode()).isEqualTo(72);
        assertThat(site.nodes()).isEqualTo(4);
        assertThat(site.accelerator().nvlinkDomainGpus()).isEqualTo(72);
        assertThat(site.accelerator().tdpW()).isEqualTo(1200);
        // 72 and 70 GPUs: one rack each; 100 GPUs: one rack plus 28 on another; 16: the 2 left on the 70-GPU
        // rack cannot hold it, best fit puts it on the rack the 100-GPU gang shares
        List<Job> jobs = List.of(new Job(0, "t", 72, 0, H, "a"), new Job(1, "t", 70, 0, H, "b"),
                new Job(2, "t", 100, 0, H, "c"), new Job(3, "t", 16, 0, H, "d"));
        SimulationResult r = new Simulation(s.fleet().ground(), List.of(), List.of(), jobs,
                new Simulation.Config(10 * H, H, new SchedulerSpec("fifo", "easy"), true)).run(ProgressListener.NONE);
        for (int j = 0; j < jobs.size(); j++) {
            assertThat(r.fate(j)).isEqualTo(JobFate.COMPLETED);
        }
        assertThat(r.nodesSpanned(0)).isEqualTo(1);
        assertThat(r.nodesSpanned(1)).isEqualTo(1);
        assertThat(r.nodesSpanned(2)).isEqualTo(2);
        assertThat(r.nodesSpanned(3)).isEqualTo(1);
    }

    @Test
    void aFailedDeviceAbove63HitsTheGangHoldingTheRackAndStaysOutUntilRepaired() {
        GroundSite rack = new GroundSite("nvl72", 35, -90, AcceleratorCatalog.get("GB200"), 72, 72, 1e9, 1.2, 0.06,
                GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
        long horizon = 400 * H;
        FailureSpec spec = new FailureSpec(true, 400, 5 * H, 0, 0, 0, 0);
        // a seed whose first failure in the 20 h of job 0 hits a device of the upper word (64..71), alone
        long seed = -1;
        FailureEvents ev = null;
        for (long s = 1; s < 10_000 && seed < 0; s++) {
            FailureEvents e = new FailureModel(spec, s).events(0, 1, 72, false, 0, horizon);
            if (e.size() > 0 && e.device()[0] >= 64 && e.timeMs()[0] > 2 * H && e.timeMs()[0] < 15 * H
                    && (e.size() == 1 || e.timeMs()[1] > e.repairAtMs()[0] + 30 * H)) {
                seed = s;
                ev = e;
            }
        }
        assertThat(seed).isPositive();
        long t1 = ev.timeMs()[0];
        long repairAt = ev.repairAtMs()[0];
        // job 0 holds the whole rack; job 1 (71 GPUs) arrives just after the failure and fits the healthy 71
        List<Job> jobs = List.of(new Job(0, "t", 72, 0, 20 * H, "a"), new Job(1, "t", 71, t1 + 1, H, "b"));
        CheckpointSpec ck = new CheckpointSpec(1.0, List.of(new CheckpointSpec.JobClass(1, H, 60)));
        SimulationResult r = new Simulation(List.of(rack), List.of(), List.of(), jobs,
                new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "easy"), true, 1.0, Tenancy.implicit(), ck))
                .withFailures(new FailureModel(spec, seed)).run(ProgressListener.NONE);
        assertThat(r.failures().hitJobsByKind()[0]).isGreaterThanOrEqualTo(1);
        assertThat(r.failures().restartsPerJob()[0]).isGreaterThanOrEqualTo(1);
        assertThat(r.startMs(1)).isEqualTo(t1 + 1);
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
        // the 72-GPU gang waits for the repaired device before it restarts
        assertThat(r.endMs(0)).isGreaterThan(repairAt);
        assertThat(r.nodesSpanned(0)).isEqualTo(1);
    }
}
