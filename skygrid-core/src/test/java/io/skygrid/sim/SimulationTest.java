package io.skygrid.sim;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationTest {
    private static final long H = 3_600_000L;

    private static GroundSite site(String name, int gpus) {
        return new GroundSite(name, 35, -90, AcceleratorCatalog.get("H100-SXM"), gpus, 8, 1e9, 1.2, 0.06,
                GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
    }

    private static Job job(int id, int gpus, long submitMs, long durationMs) {
        return new Job(id, "t", gpus, submitMs, durationMs, "test#" + id);
    }

    private static SimulationResult run(List<GroundSite> sites, List<OrbitalConstellation> cons,
                                        List<ConstellationTimelines> tl, List<Job> jobs, String backfill, long horizon) {
        Simulation sim = new Simulation(sites, cons, tl, jobs,
                new Simulation.Config(horizon, H, new SchedulerSpec("fifo", backfill), true));
        return sim.run(ProgressListener.NONE);
    }

    @Test
    void fifoRunsJobsAndAccountsForEveryOne() {
        List<Job> jobs = List.of(job(0, 8, 0, 2 * H), job(1, 8, 0, 1 * H), job(2, 16, H / 2, H), job(3, 8, 100 * H, H));
        SimulationResult r = run(List.of(site("g", 16)), List.of(), List.of(), jobs, "none", 10 * H);
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.endMs(0)).isEqualTo(2 * H);
        assertThat(r.endMs(1)).isEqualTo(H);
        // job 2 needs the whole site: starts when job 0 ends
        assertThat(r.startMs(2)).isEqualTo(2 * H);
        assertThat(r.fate(3)).isEqualTo(JobFate.AFTER_HORIZON);
        assertThat(r.pools().get(0).gpuHoursDelivered()).isEqualTo(8 * 2 + 8 * 1 + 16 * 1.0);
    }

    @Test
    void jobLargerThanEverySiteIsRejectedWithoutBlockingTheQueue() {
        List<Job> jobs = List.of(job(0, 64, 0, H), job(1, 8, 0, H));
        SimulationResult r = run(List.of(site("g", 16)), List.of(), List.of(), jobs, "none", 10 * H);
        assertThat(r.fate(0)).isEqualTo(JobFate.REJECTED);
        assertThat(r.reason(0)).contains("needs 64 GPUs").contains("16");
        assertThat(r.startMs(1)).isZero();
        assertThat(r.fate(1)).isEqualTo(JobFate.COMPLETED);
    }

    @Test
    void twoGangsThatTogetherExceedTheSiteDoNotDeadlock() {
        List<Job> jobs = List.of(job(0, 12, 0, H), job(1, 12, 0, H));
        SimulationResult r = run(List.of(site("g", 16)), List.of(), List.of(), jobs, "easy", 10 * H);
        assertThat(r.startMs(0)).isZero();
        assertThat(r.startMs(1)).isEqualTo(H);
        assertThat(r.count(JobFate.COMPLETED)).isEqualTo(2);
    }

    @Test
    void easyBackfillStartsShortJobsThatDoNotDelayTheHead() {
        // site of 16: job0 holds 8 for 4 h; head job1 needs 16 (reservation at 4 h);
        // job2 (8 GPUs, 2 h) ends before the reservation -> backfills; job3 (8 GPUs, 10 h) would delay it
        List<Job> jobs = List.of(job(0, 8, 0, 4 * H), job(1, 16, 1, H), job(2, 8, 2, 2 * H), job(3, 8, 3, 10 * H));
        SimulationResult easy = run(List.of(site("g", 16)), List.of(), List.of(), jobs, "easy", 50 * H);
        assertThat(easy.startMs(2)).isEqualTo(2);
        assertThat(easy.startMs(1)).isEqualTo(4 * H);
        assertThat(easy.startMs(3)).isEqualTo(5 * H);
        SimulationResult fifo = run(List.of(site("g", 16)), List.of(), List.of(), jobs, "none", 50 * H);
        assertThat(fifo.startMs(2)).isEqualTo(5 * H);
    }

    @Test
    void powerCapLimitsBusyGpus() {
        // 2 nodes of 8 H100; IT budget allows host power of both nodes + 10 GPUs
        double cap = 1.0 * (2 * GroundSite.DEFAULT_HOST_POWER_PER_NODE_W + 10 * 700);
        GroundSite capped = new GroundSite("g", 0, 0, AcceleratorCatalog.get("H100-SXM"), 16, 8, cap, 1.0, 0.06,
                GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
        List<Job> jobs = List.of(job(0, 8, 0, H), job(1, 8, 0, H), job(2, 12, 0, H));
        SimulationResult r = run(List.of(capped), List.of(), List.of(), jobs, "none", 10 * H);
        assertThat(r.pools().get(0).usableGpus()).isEqualTo(10);
        assertThat(r.startMs(1)).isEqualTo(H);
        assertThat(r.fate(2)).isEqualTo(JobFate.REJECTED);
        assertThat(r.reason(2)).contains("power cap");
    }

    private static OrbitalConstellation constellation(double batteryWh) {
        // an ideal power system (no array ageing, lossless battery) so that the expected figures are exact
        SatellitePayload payload = new SatellitePayload(AcceleratorCatalog.get("H100-SXM"), 4, 20, 0.3, 0.9,
                batteryWh, 1000, 0.2, 0.0, 0.0, 1.0);
        return new OrbitalConstellation("c", new OrbitSpec.WalkerDelta(53, 550, 2, 1, 0), payload);
    }

    /** Two satellites: sunlit for 60 min, umbra for 35 min, repeating. */
    private static ConstellationTimelines eclipsing(long horizon) {
        List<Long> changes = new ArrayList<>();
        List<Byte> states = new ArrayList<>();
        states.add(SunlightTimeline.SUNLIT);
        long t = 60 * 60_000L;
        boolean sun = true;
        while (t < horizon) {
            changes.add(t);
            sun = !sun;
            states.add(sun ? SunlightTimeline.SUNLIT : SunlightTimeline.UMBRA);
            t += sun ? 60 * 60_000L : 35 * 60_000L;
        }
        long[] c = changes.stream().mapToLong(Long::longValue).toArray();
        byte[] s = new byte[states.size()];
        for (int i = 0; i < s.length; i++) s[i] = states.get(i);
        SunlightTimeline tl = new SunlightTimeline(c, s, horizon);
        return new ConstellationTimelines("c", List.of("s0", "s1"), new SunlightTimeline[] {tl, tl},
                new ContactWindows[] {empty(), empty()});
    }

    private static ContactWindows empty() {
        return new ContactWindows(new long[0], new long[0], new int[0], new double[0]);
    }

    @Test
    void gangOnSatellitesPausesWhenTheBatteryRunsLowAndResumesInSunlight() {
        long horizon = 24 * H;
        // load in eclipse: 1000 W bus + 4 x 700 W = 3.8 kW; battery 2 kWh with 20 % floor -> 1.6 kWh usable
        // -> accelerators off after 1.6/3.8 h = 25.26 min of a 35-min eclipse
        List<Job> jobs = List.of(job(0, 8, 0, 3 * H));
        SimulationResult r = run(List.of(), List.of(constellation(2000)), List.of(eclipsing(horizon)), jobs, "easy", horizon);
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.nodesSpanned(0)).isEqualTo(2);
        long paused = r.pausedMs(0);
        assertThat(paused).isGreaterThan(0);
        // first eclipse 60..95 min: off at 60 + 25.26 min, back on at 95 min -> 9.74 min paused per eclipse
        long perEclipse = 35 * 60_000L - (long) Math.ceil(1600.0 / 3800.0 * 3_600_000.0);
        assertThat(paused % perEclipse).isLessThan(2);
        // every resume first restores the checkpoint written at the pause: 128 GB at 100 GB/s for 8 GPUs
        long pauses = Math.round((double) paused / perEclipse);
        assertThat(pauses).isPositive();
        long restore = io.skygrid.sched.CheckpointSpec.DEFAULT.transferMs(8);
        assertThat(restore).isEqualTo(1280);
        assertThat(r.endMs(0) - r.startMs(0)).isEqualTo(3 * H + paused + pauses * restore);
        assertThat(r.pools().get(0).pausedGpuHours()).isCloseTo(8 * paused / 3_600_000.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void satelliteWithoutBatteryRunsInSunlightOnlyAndStaysQuiet() {
        long horizon = 24 * H;
        List<Job> jobs = List.of(job(0, 8, 0, 3 * H));
        SimulationResult r = run(List.of(), List.of(constellation(0)), List.of(eclipsing(horizon)), jobs, "easy", horizon);
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
        // paused for the whole of each 35-min eclipse it meets: 3 h of work from t=0 meets three eclipses
        assertThat(r.pausedMs(0)).isEqualTo(3 * 35 * 60_000L);
        // no event storm: a handful of sunlight, power and job events, not millions
        assertThat(r.events()).isLessThan(200);
    }

    @Test
    void solarFluxFactorScalesGeneration() {
        SatellitePayload payload = constellation(2000).payload();
        io.skygrid.power.ConstellationPower near = new io.skygrid.power.ConstellationPower(payload,
                new SunlightTimeline[] {SunlightTimeline.alwaysSunlit(H)}, 1.0, 1.0 / (0.9833 * 0.9833));
        io.skygrid.power.ConstellationPower at1au = new io.skygrid.power.ConstellationPower(payload,
                new SunlightTimeline[] {SunlightTimeline.alwaysSunlit(H)}, 1.0, 1.0);
        assertThat(near.generationW(0, 0) / at1au.generationW(0, 0)).isCloseTo(1.0342, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(at1au.generationW(0, 0)).isCloseTo(20 * 0.3 * 1361 * 0.9, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void bigBatteryCarriesTheGangThroughEclipse() {
        long horizon = 24 * H;
        List<Job> jobs = List.of(job(0, 8, 0, 3 * H));
        SimulationResult r = run(List.of(), List.of(constellation(20_000)), List.of(eclipsing(horizon)), jobs, "easy", horizon);
        assertThat(r.pausedMs(0)).isZero();
        assertThat(r.endMs(0)).isEqualTo(3 * H);
    }

    @Test
    void randomWorkloadKeepsInvariantsAndIsDeterministic() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int g = 1 << rnd.nextInt(7);
            jobs.add(job(i, g, rnd.nextLong(48 * H), 60_000 + rnd.nextLong(6 * H)));
        }
        long horizon = 48 * H;
        SimulationResult a = run(List.of(site("g1", 256), site("g2", 64)), List.of(constellation(2000)),
                List.of(eclipsing(horizon)), jobs, "easy", horizon);
        List<Job> shuffled = new ArrayList<>(jobs);
        Collections.shuffle(shuffled, new java.util.Random(1));
        shuffled.sort(java.util.Comparator.comparingInt(Job::id));
        SimulationResult b = run(List.of(site("g1", 256), site("g2", 64)), List.of(constellation(2000)),
                List.of(eclipsing(horizon)), shuffled, "easy", horizon);
        int accounted = 0;
        for (JobFate f : JobFate.values()) accounted += a.count(f);
        assertThat(accounted).isEqualTo(jobs.size());
        for (int j = 0; j < jobs.size(); j++) {
            assertThat(a.startMs(j)).isEqualTo(b.startMs(j));
            assertThat(a.endMs(j)).isEqualTo(b.endMs(j));
            if (a.fate(j) == JobFate.COMPLETED) {
                // run time = work + pauses + one checkpoint restore per pause for power
                long extra = a.endMs(j) - a.startMs(j) - a.jobs().get(j).durationMs() - a.pausedMs(j);
                long restore = io.skygrid.sched.CheckpointSpec.DEFAULT.transferMs(a.jobs().get(j).gpus());
                assertThat(extra).isNotNegative();
                assertThat(extra % restore).isZero();
                assertThat(extra > 0).isEqualTo(a.pausedMs(j) > 0);
            }
        }
        assertThat(a.count(JobFate.REJECTED)).isEqualTo((int) jobs.stream().filter(j -> j.gpus() > 256).count());
    }
}
