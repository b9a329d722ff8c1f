package io.skygrid.sim;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.WaitReason;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Failures in the event loop ({@link Simulation#withFailures}): restarts, lost work, capacity, satellite loss. */
class FailureRunTest {
    private static final long H = 3_600_000L;
    /** one class: a checkpoint every hour of progress, 60 GB at 1 GB/s = 60 s to write or restore */
    private static final CheckpointSpec CK = new CheckpointSpec(1.0, List.of(new CheckpointSpec.JobClass(1, H, 60)));

    private static GroundSite oneNodeOfFour() {
        return new GroundSite("g", 35, -90, AcceleratorCatalog.get("H100-SXM"), 4, 4, 1e9, 1.2, 0.06,
                GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
    }

    private static Job job(int id, int gpus, long submitMs, long durationMs) {
        return new Job(id, "t", gpus, submitMs, durationMs, "test#" + id);
    }

    private static Simulation.Config config(long horizon) {
        return new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "easy"), true, 1.0, Tenancy.implicit(), CK);
    }

    /** The first seed whose draw for pool 0 has exactly one event in [0, horizon), within [notBefore, notAfter]. */
    private static long seedWithOneEvent(FailureSpec spec, int nodes, int gpusPerNode, boolean orbital,
                                         long notBefore, long notAfter, long horizon) {
        for (long seed = 0; seed < 100_000; seed++) {
            FailureEvents e = new FailureModel(spec, seed).events(0, nodes, gpusPerNode, orbital, 0, horizon);
            if (e.size() == 1 && e.timeMs()[0] >= notBefore && e.timeMs()[0] <= notAfter) {
                return seed;
            }
        }
        throw new AssertionError("no seed with one failure");
    }

    @Test
    void aHitJobRestartsFromItsLastDurableCheckpointAndWaitsForHealthyGpus() {
        long horizon = 200 * H;
        FailureSpec spec = new FailureSpec(true, 400, 5 * H, 0, 0, 0, 0);
        long seed = seedWithOneEvent(spec, 1, 4, false, 10 * H, 40 * H, horizon);
        FailureEvents ev = new FailureModel(spec, seed).events(0, 1, 4, false, 0, horizon);
        long t1 = ev.timeMs()[0];
        long repairAt = ev.repairAtMs()[0];
        assertThat(repairAt).isEqualTo(t1 + 5 * H);

        // job 0 holds the node's 4 GPUs; job 1 (3 GPUs, 1 h) arrives just after the failure
        List<Job> jobs = List.of(job(0, 4, 0, 50 * H), job(1, 3, t1 + 1, H));
        SimulationResult r = new Simulation(List.of(oneNodeOfFour()), List.of(), List.of(), jobs, config(horizon))
                .withFailures(new FailureModel(spec, seed)).run(ProgressListener.NONE);

        // the checkpoint at the last whole hour counts if its 60 s write had finished, else the one before
        long last = (t1 / H) * H;
        if (last + 60_000 > t1) {
            last -= H;
        }
        assertThat(r.failures().byKind()).containsExactly(1, 0, 0);
        assertThat(r.failures().hitJobsByKind()).containsExactly(1, 0, 0);
        assertThat(r.failures().restarts()).isEqualTo(1);
        assertThat(r.failures().jobsRestarted()).isEqualTo(1);
        assertThat(r.failures().restartsPerJob()).containsExactly(1, 0);
        // lost: progress since the checkpoint plus the 60 s restore, on 4 GPUs
        double lostH = 4.0 * (t1 - last + 60_000) / H;
        assertThat(r.failures().lostGpuHours()).isCloseTo(lostH, within(1e-9));
        assertThat(r.failures().lostGpuHoursPerJob()[0]).isCloseTo(lostH, within(1e-9));
        assertThat(r.scheduling().lostGpuHoursTotal()).isZero(); // preemption's figure stays apart
        // capacity follows the failed device: the 3 healthy GPUs take job 1 at once, the 4-GPU gang waits
        assertThat(r.startMs(1)).isEqualTo(t1 + 1);
        assertThat(r.endMs(1)).isEqualTo(t1 + 1 + H);
        // after the restart it waited because no healthy gang of 4 was free (the last reason seen)
        assertThat(r.waitReason(0)).isEqualTo(WaitReason.NO_GANG_FITS);
        // job 0 restarts at the repair: restore, then the work after its checkpoint
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.endMs(0)).isEqualTo(repairAt + 60_000 + 50 * H - last);

        // the same run without failures
        SimulationResult none = new Simulation(List.of(oneNodeOfFour()), List.of(), List.of(), jobs, config(horizon))
                .run(ProgressListener.NONE);
        assertThat(none.endMs(0)).isEqualTo(50 * H);
        assertThat(none.failures().enabled()).isFalse();
        assertThat(none.failures().total()).isZero();
    }

    @Test
    void aGangThatCanNeverFitAfterASatelliteLossIsRejectedAndBlocksNoOneWithoutBackfill() {
        long horizon = 100 * H;
        FailureSpec spec = new FailureSpec(true, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 438);
        long seed = seedWithOneEvent(spec, 2, 4, true, 2 * H, 90 * H, horizon);
        long t1 = new FailureModel(spec, seed).events(0, 2, 4, true, 0, horizon).timeMs()[0];
        // job 0 (8 GPUs) spans both satellites and is hit by the loss; jobs 1..3 (1 GPU each) arrive after it
        List<Job> jobs = List.of(job(0, 8, 0, 200 * H), job(1, 1, t1 + 1, H), job(2, 1, t1 + 2, H), job(3, 1, t1 + 3, H));
        Simulation.Config none = new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "none"), true, 1.0,
                Tenancy.implicit(), CK);
        SimulationResult r = new Simulation(List.of(), List.of(constellation()), List.of(alwaysSunlit(horizon)), jobs,
                none).withFailures(new FailureModel(spec, seed)).run(ProgressListener.NONE);
        assertThat(r.failures().byKind()).containsExactly(0, 0, 1);
        assertThat(r.fate(0)).isEqualTo(JobFate.REJECTED);
        assertThat(r.reason(0)).contains("needs 8 GPUs").contains("the largest can run 4").contains("after losing 1 satellite");
        for (int j = 1; j <= 3; j++) {
            assertThat(r.startMs(j)).as("job " + j).isEqualTo(t1 + j);
            assertThat(r.fate(j)).isEqualTo(JobFate.COMPLETED);
        }
        // a job arriving after the loss that can never fit is rejected at arrival
        List<Job> later = List.of(job(0, 4, 0, H), job(1, 8, t1 + 1, H), job(2, 1, t1 + 2, H));
        SimulationResult r2 = new Simulation(List.of(), List.of(constellation()), List.of(alwaysSunlit(horizon)), later,
                none).withFailures(new FailureModel(spec, seed)).run(ProgressListener.NONE);
        assertThat(r2.fate(1)).isEqualTo(JobFate.REJECTED);
        assertThat(r2.startMs(2)).isEqualTo(t1 + 2);
    }

    @Test
    void easyBackfillReservesForAHeadBlockedOnlyByADeviceUnderRepair() {
        long horizon = 200 * H;
        FailureSpec spec = new FailureSpec(true, 400, 4 * H, 0, 0, 0, 0);
        long seed = seedWithOneEvent(spec, 1, 4, false, 10 * H, 40 * H, horizon);
        FailureEvents ev = new FailureModel(spec, seed).events(0, 1, 4, false, 0, horizon);
        long t1 = ev.timeMs()[0];
        long repairAt = ev.repairAtMs()[0];
        // after the failure 3 of the 4 GPUs are healthy: the 4-GPU head (1 h) waits for the repair only; a 1-GPU
        // 48 h job behind it would delay it if it backfilled
        List<Job> jobs = List.of(job(0, 4, t1 + 1, H), job(1, 1, t1 + 2, 48 * H));
        SimulationResult r = new Simulation(List.of(oneNodeOfFour()), List.of(), List.of(), jobs, config(horizon))
                .withFailures(new FailureModel(spec, seed)).run(ProgressListener.NONE);
        assertThat(r.failures().byKind()).containsExactly(1, 0, 0);
        assertThat(r.startMs(0)).isEqualTo(repairAt);
        assertThat(r.startMs(1)).isEqualTo(repairAt + H);
    }

    @Test
    void aLostSatelliteNeverReturnsAndItsGangWaitsForRoom() {
        long horizon = 100 * H;
        // satellite losses only: about one per 20 satellite-hours
        FailureSpec spec = new FailureSpec(true, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 438);
        long seed = seedWithOneEvent(spec, 2, 4, true, 2 * H, 90 * H, horizon);
        FailureEvents ev = new FailureModel(spec, seed).events(0, 2, 4, true, 0, horizon);
        long t1 = ev.timeMs()[0];
        assertThat(ev.kind()[0]).isEqualTo(FailureModel.SATELLITE_LOSS);
        assertThat(ev.repairAtMs()[0]).isEqualTo(Long.MAX_VALUE);

        // job 0 spans both satellites; job 1 (4 GPUs) arrives after the loss and gets the survivor
        List<Job> jobs = List.of(job(0, 8, 0, 200 * H), job(1, 4, t1 + 1, H));
        SimulationResult r = new Simulation(List.of(), List.of(constellation()), List.of(alwaysSunlit(horizon)), jobs,
                config(horizon)).withFailures(new FailureModel(spec, seed)).run(ProgressListener.NONE);
        assertThat(r.failures().byKind()).containsExactly(0, 0, 1);
        assertThat(r.failures().restartsPerJob()).containsExactly(1, 0);
        // 8 GPUs can never fit on the one satellite left: rejected with the reason, not queued for good
        assertThat(r.fate(0)).isEqualTo(JobFate.REJECTED);
        assertThat(r.reason(0)).contains("after losing 1 satellite");
        assertThat(r.startMs(1)).isEqualTo(t1 + 1);
        assertThat(r.fate(1)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.nodesSpanned(1)).isEqualTo(1);
    }

    @Test
    void theSameSeedGivesTheSameFailuresAndAnotherSeedOthers() {
        long horizon = 300 * H;
        FailureSpec spec = new FailureSpec(true, 50, 2 * H, 0, 0, 0, 0);
        List<Job> jobs = List.of(job(0, 4, 0, 100 * H), job(1, 2, 3 * H, 20 * H), job(2, 1, 5 * H, 30 * H));
        SimulationResult a = new Simulation(List.of(oneNodeOfFour()), List.of(), List.of(), jobs, config(horizon))
                .withFailures(new FailureModel(spec, 1)).run(ProgressListener.NONE);
        SimulationResult b = new Simulation(List.of(oneNodeOfFour()), List.of(), List.of(), jobs, config(horizon))
                .withFailures(new FailureModel(spec, 1)).run(ProgressListener.NONE);
        SimulationResult c = new Simulation(List.of(oneNodeOfFour()), List.of(), List.of(), jobs, config(horizon))
                .withFailures(new FailureModel(spec, 2)).run(ProgressListener.NONE);
        assertThat(a.failures().total()).isPositive();
        for (int j = 0; j < jobs.size(); j++) {
            assertThat(b.endMs(j)).isEqualTo(a.endMs(j));
        }
        assertThat(b.failures().byKind()).isEqualTo(a.failures().byKind());
        assertThat(b.failures().lostGpuHours()).isEqualTo(a.failures().lostGpuHours());
        assertThat(c.failures().lostGpuHours()).isNotEqualTo(a.failures().lostGpuHours());
    }

    static OrbitalConstellation constellation() {
        // an ideal power system with a huge battery: always powered
        SatellitePayload payload = new SatellitePayload(AcceleratorCatalog.get("H100-SXM"), 4, 20, 0.3, 0.9,
                1e6, 1000, 0.2, 0.0, 0.0, 1.0);
        return new OrbitalConstellation("c", new OrbitSpec.WalkerDelta(53, 550, 2, 1, 0), payload);
    }

    static ConstellationTimelines alwaysSunlit(long horizon) {
        SunlightTimeline tl = new SunlightTimeline(new long[0], new byte[] {SunlightTimeline.SUNLIT}, horizon);
        ContactWindows none = new ContactWindows(new long[0], new long[0], new int[0], new double[0]);
        return new ConstellationTimelines("c", List.of("s0", "s1"), new SunlightTimeline[] {tl, tl},
                new ContactWindows[] {none, none});
    }
}
