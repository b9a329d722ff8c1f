package io.skygrid.sim;

import io.skygrid.fleet.GroundSite;
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
}
