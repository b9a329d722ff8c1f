package io.skygrid.sim;

import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.WaitReason;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A satellite that decays ({@link SunlightTimeline#decayMs()}) is lost to the run from that instant, failures on or off. */
class DecayRunTest {
    private static final long H = 3_600_000L;
    private static final CheckpointSpec CK = new CheckpointSpec(1.0, List.of(new CheckpointSpec.JobClass(1, H, 60)));

    @Test
    void aDecayedSatelliteLeavesServiceAtItsDecayAndItsGangRestarts() {
        long horizon = 100 * H;
        long decay = 10 * H;
        SunlightTimeline ok = new SunlightTimeline(new long[0], new byte[] {SunlightTimeline.SUNLIT}, horizon);
        // sunlit until the decay, then no sunlight; the battery (1 MWh) would keep it powered all the same
        SunlightTimeline falling = new SunlightTimeline(new long[] {decay},
                new byte[] {SunlightTimeline.SUNLIT, SunlightTimeline.UMBRA}, horizon, decay);
        ContactWindows none = new ContactWindows(new long[0], new long[0], new int[0], new double[0]);
        ConstellationTimelines t = new ConstellationTimelines("c", List.of("s0", "s1"), new SunlightTimeline[] {ok, falling},
                new ContactWindows[] {none, none});
        List<Job> jobs = List.of(new Job(0, "t", 8, 0, 50 * H, "test#0"), new Job(1, "t", 4, decay + 1, H, "test#1"));
        Simulation sim = new Simulation(List.of(), List.of(FailureRunTest.constellation()), List.of(t), jobs,
                new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "easy"), true, 1.0, Tenancy.implicit(), CK));
        SimulationResult r = sim.run(ProgressListener.NONE);
        assertThat(sim.decayedSatellites()).isEqualTo(1);
        // job 0 held both satellites: it is stopped at the decay and no gang of 8 is left
        assertThat(r.fate(0)).isEqualTo(JobFate.QUEUED);
        assertThat(r.waitReason(0)).isEqualTo(WaitReason.NO_GANG_FITS);
        // job 1 gets the surviving satellite at once
        assertThat(r.startMs(1)).isEqualTo(decay + 1);
        assertThat(r.fate(1)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.nodesSpanned(1)).isEqualTo(1);
    }
}
