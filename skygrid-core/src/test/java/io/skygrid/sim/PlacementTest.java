package io.skygrid.sim;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.RelayLink;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactPlan;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.sched.PlacementSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.WaitReason;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Filter/Score of pools (first-fit, sun-following, latency bound) and data staging through the contact plan. */
class PlacementTest {
    private static final long H = 3_600_000L;
    private static final long MIN = 60_000L;

    private static GroundSite site(int gpus) {
        return new GroundSite("ground", 35, -90, AcceleratorCatalog.get("H100-SXM"), gpus, Math.min(8, gpus), 1e9,
                1.2, 0.06, GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
    }

    /** Two satellites of 4 H100 at 550 km with a big battery (never switched off in these tests). */
    private static OrbitalConstellation constellation(String name) {
        SatellitePayload payload = new SatellitePayload(AcceleratorCatalog.get("H100-SXM"), 4, 20, 0.3, 0.9,
                100_000, 1000, 0.2, 0.0, 0.0, 1.0);
        return new OrbitalConstellation(name, new OrbitSpec.WalkerDelta(53, 550, 2, 1, 0), payload);
    }

    private static ContactWindows none() {
        return new ContactWindows(new long[0], new long[0], new int[0], new double[0]);
    }

    /** Sunlit 60 min, umbra 35 min, repeating (a 53 deg shell's share of shadow, roughly). */
    private static SunlightTimeline eclipsing(long horizon) {
        List<Long> changes = new ArrayList<>();
        List<Byte> states = new ArrayList<>();
        states.add(SunlightTimeline.SUNLIT);
        long t = 60 * MIN;
        boolean sun = true;
        while (t < horizon) {
            changes.add(t);
            sun = !sun;
            states.add(sun ? SunlightTimeline.SUNLIT : SunlightTimeline.UMBRA);
            t += sun ? 60 * MIN : 35 * MIN;
        }
        byte[] s = new byte[states.size()];
        for (int i = 0; i < s.length; i++) s[i] = states.get(i);
        return new SunlightTimeline(changes.stream().mapToLong(Long::longValue).toArray(), s, horizon);
    }

    private static ConstellationTimelines timelines(String name, SunlightTimeline tl, ContactWindows w) {
        return new ConstellationTimelines(name, List.of(name + "-0", name + "-1"), new SunlightTimeline[] {tl, tl},
                new ContactWindows[] {w, w});
    }

    private static Job job(int id, String tenant, int gpus, long submitMs, long durationMs) {
        return new Job(id, tenant, gpus, submitMs, durationMs, "test#" + id);
    }

    private static SchedulerSpec scheduler(PlacementSpec p) {
        return new SchedulerSpec("fifo", "easy").withPlacement(p);
    }

    private static PlacementSpec spec(String mode, Set<String> latency, double boundMs, long maxStagingMs) {
        return new PlacementSpec(mode, latency, boundMs, PlacementSpec.DEFAULT_STEADY_SUN_FRACTION,
                PlacementSpec.DEFAULT_OUTLOOK_WINDOW_MS, 1.0, 1.0, maxStagingMs);
    }

    /** Ground site, an eclipsing shell "shell" and an always-sunlit cluster "dawn-dusk", no data staging. */
    private static SimulationResult threePools(PlacementSpec p, List<Job> jobs, int groundGpus) {
        long horizon = 24 * H;
        Simulation sim = new Simulation(List.of(site(groundGpus)),
                List.of(constellation("shell"), constellation("dawn-dusk")),
                List.of(timelines("shell", eclipsing(horizon), none()),
                        timelines("dawn-dusk", SunlightTimeline.alwaysSunlit(horizon), none())),
                jobs, new Simulation.Config(horizon, H, scheduler(p), true));
        return sim.run(ProgressListener.NONE);
    }

    @Test
    void firstFitFillsTheGroundFirstAndSunFollowingPrefersTheSteadyCluster() {
        List<Job> jobs = List.of(job(0, "t", 4, 0, H), job(1, "t", 8, 0, H), job(2, "t", 8, 0, H),
                job(3, "t", 8, 0, H));
        SimulationResult ff = threePools(PlacementSpec.DEFAULT, jobs, 16);
        assertThat(ff.pool(0)).isZero();
        assertThat(ff.pool(1)).isZero();
        // ground full (4 + 8 of 16, 8 more do not fit): the shell, first constellation in scenario order
        assertThat(ff.pools().get(ff.pool(2)).name()).isEqualTo("shell");
        assertThat(ff.pools().get(ff.pool(3)).name()).isEqualTo("dawn-dusk");

        SimulationResult sun = threePools(PlacementSpec.DEFAULT.withMode("sun-following"), jobs, 16);
        // steady sun first, then the ground, and the eclipsing shell only when neither has room
        assertThat(sun.pools().get(sun.pool(0)).name()).isEqualTo("dawn-dusk");
        assertThat(sun.pools().get(sun.pool(1)).name()).isEqualTo("ground");
        assertThat(sun.pools().get(sun.pool(2)).name()).isEqualTo("ground");
        assertThat(sun.pools().get(sun.pool(3)).name()).isEqualTo("shell");
        assertThat(sun.data().placement()).isEqualTo("sun-following");
        assertThat(sun.count(JobFate.COMPLETED)).isEqualTo(4);
    }

    @Test
    void sunFollowingBreaksTiesOnTheGroundByFreeCapacity() {
        // two ground sites, no steady constellation: the job goes to the emptier site, first-fit to the first
        long horizon = 10 * H;
        GroundSite a = site(16);
        GroundSite b = new GroundSite("ground-b", 35, -90, AcceleratorCatalog.get("H100-SXM"), 64, 8, 1e9, 1.2,
                0.06, GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
        List<Job> jobs = List.of(job(0, "t", 8, 0, H));
        for (String mode : PlacementSpec.MODES) {
            Simulation sim = new Simulation(List.of(a, b), List.of(constellation("shell")),
                    List.of(timelines("shell", eclipsing(horizon), none())), jobs,
                    new Simulation.Config(horizon, H, scheduler(PlacementSpec.DEFAULT.withMode(mode)), true));
            SimulationResult r = sim.run(ProgressListener.NONE);
            assertThat(r.pools().get(r.pool(0)).name()).as(mode)
                    .isEqualTo(mode.equals("first-fit") ? "ground" : "ground-b");
        }
    }

    @Test
    void latencySensitiveJobsStayOnTheGroundUnlessTheOrbitMeetsTheBound() {
        // ground of 8: the inference job (tenant inf) arrives when training fills it
        List<Job> jobs = List.of(job(0, "train", 8, 0, 2 * H), job(1, "inf", 4, 1, H));
        // 550 km at a 10 deg mask is about 6.3 ms one way: a 1 ms bound keeps it on the ground
        SimulationResult tight = threePools(spec("sun-following", Set.of("inf"), 1.0, H), jobs, 8);
        assertThat(tight.pool(0)).isNotZero(); // training: steady cluster under sun-following
        assertThat(tight.pools().get(tight.pool(1)).name()).isEqualTo("ground");
        assertThat(tight.startMs(1)).isEqualTo(1);

        List<Job> busy = List.of(job(0, "train", 8, 0, 2 * H), job(1, "inf", 4, 1, H));
        SimulationResult firstFit = threePools(spec("first-fit", Set.of("inf"), 1.0, H), busy, 8);
        // first-fit: training takes the ground, inference may not go to orbit and waits for the ground
        assertThat(firstFit.pool(0)).isZero();
        assertThat(firstFit.pool(1)).isZero();
        assertThat(firstFit.startMs(1)).isEqualTo(2 * H);
        assertThat(firstFit.waitReason(1)).isEqualTo(WaitReason.NO_GANG_FITS);

        // a 20 ms bound admits the 550 km shell: it starts at once, in orbit
        SimulationResult loose = threePools(spec("first-fit", Set.of("inf"), 20.0, H), busy, 8);
        assertThat(loose.startMs(1)).isEqualTo(1);
        assertThat(loose.pools().get(loose.pool(1)).orbital()).isTrue();
    }

    @Test
    void latencySensitiveJobLargerThanEveryAllowedPoolIsRejected() {
        List<Job> jobs = List.of(job(0, "inf", 8, 0, H), job(1, "train", 8, 0, H));
        SimulationResult r = threePools(spec("first-fit", Set.of("inf"), 1.0, H), jobs, 4);
        assertThat(r.fate(0)).isEqualTo(JobFate.REJECTED);
        assertThat(r.reason(0)).contains("latency-sensitive").contains("largest can run 4");
        assertThat(r.fate(1)).isEqualTo(JobFate.COMPLETED);
    }

    // ---- data staging

    /** One station: uplink 80 Mbit/s (1 GB in 100 s), downlink 800 Mbit/s (1 GB in 10 s). */
    private static final List<GroundStation> STATION = List.of(new GroundStation("st", "test", 0, 0, 0, 800e6, 80e6));

    /** Both satellites see the station over [1 h, 2 h) and [4 h, 5 h). */
    private static ContactWindows windows() {
        return new ContactWindows(new long[] {H, 4 * H}, new long[] {2 * H, 5 * H}, new int[] {0, 0},
                new double[] {45, 45});
    }

    private static SimulationResult staged(PlacementSpec p, List<Job> jobs, RelayLink relay) {
        long horizon = 10 * H;
        ConstellationTimelines t = timelines("dawn-dusk", SunlightTimeline.alwaysSunlit(horizon), windows());
        Simulation sim = new Simulation(List.of(), List.of(constellation("dawn-dusk")), List.of(t), jobs,
                new Simulation.Config(horizon, H, scheduler(p), true));
        sim.dataLinks(List.of(new ContactPlan(t, STATION, horizon)), relay, 10);
        return sim.run(ProgressListener.NONE);
    }

    @Test
    void orbitalJobWaitsOnItsGpusForItsInputAndItsOutputComesDownAtTheNextContact() {
        List<Job> jobs = List.of(job(0, "t", 4, 0, H));
        SimulationResult r = staged(spec("first-fit", Set.of(), 20, 2 * H), jobs, null);
        assertThat(r.startMs(0)).isZero();
        // 1 GB at 80 Mbit/s once the contact opens at 1 h: on board at 1 h + 100 s, then 1 h of compute
        assertThat(r.data().stagingMs()[0]).isEqualTo(H + 100_000);
        assertThat(r.endMs(0)).isEqualTo(2 * H + 100_000);
        assertThat(r.waitReason(0)).isEqualTo(WaitReason.DATA);
        assertThat(r.waitReason(0).label()).isEqualTo("data-not-uploaded");
        // output: the contact ended at 2 h; the next opens at 4 h, 1 GB at 800 Mbit/s takes 10 s
        assertThat(r.data().outputDownMs()[0]).isEqualTo(4 * H + 10_000);
        assertThat(r.data().stagedJobs()).isEqualTo(1);
        assertThat(r.data().stagingGpuHours()).isCloseTo(4 * (H + 100_000) / (double) H,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aFailureWhileTheInputIsUplinkedRequeuesTheJobWithoutLosingWork() {
        // accelerator failures only, MTBF 40 h per GPU, 10 min repairs: find a draw with a single event, on
        // satellite 0 (where the 4-GPU job sits) while its input is still going up (before 1 h + 100 s)
        long horizon = 10 * H;
        FailureSpec f = new FailureSpec(true, 40, 600_000, 0, 0, 0, 0);
        long seed = -1;
        for (long s = 0; s < 10_000 && seed < 0; s++) {
            FailureEvents e = new FailureModel(f, s).events(0, 2, 4, true, 0, horizon);
            if (e.size() == 1 && e.node()[0] == 0 && e.timeMs()[0] > 60_000 && e.timeMs()[0] < H) {
                seed = s;
            }
        }
        assertThat(seed).isNotNegative();
        long hit = new FailureModel(f, seed).events(0, 2, 4, true, 0, horizon).timeMs()[0];
        ConstellationTimelines t = timelines("dawn-dusk", SunlightTimeline.alwaysSunlit(horizon), windows());
        Simulation sim = new Simulation(List.of(), List.of(constellation("dawn-dusk")), List.of(t),
                List.of(job(0, "t", 4, 0, H)),
                new Simulation.Config(horizon, H, scheduler(spec("first-fit", Set.of(), 20, 2 * H)), true));
        sim.dataLinks(List.of(new ContactPlan(t, STATION, horizon)), null, 10);
        SimulationResult r = sim.withFailures(new FailureModel(f, seed)).run(ProgressListener.NONE);
        assertThat(r.failures().restartsPerJob()[0]).isEqualTo(1);
        // nothing had been computed: no work lost, and the time on its GPUs before the hit counts as staging
        assertThat(r.failures().lostGpuHoursPerJob()[0]).isZero();
        assertThat(r.data().stagingMs()[0]).isGreaterThanOrEqualTo(hit);
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
    }

    @Test
    void uplinksAreBookedOneAfterAnother() {
        // two jobs, one per satellite: the second input goes up after the first (100 s each)
        List<Job> jobs = List.of(job(0, "t", 4, 0, H), job(1, "t", 4, 0, H));
        SimulationResult r = staged(spec("first-fit", Set.of(), 20, 2 * H), jobs, null);
        assertThat(r.data().stagingMs()[0]).isEqualTo(H + 100_000);
        assertThat(r.data().stagingMs()[1]).isEqualTo(H + 200_000);
        // outputs down one after the other in the second contact
        assertThat(r.data().outputDownMs()[0]).isEqualTo(4 * H + 10_000);
        assertThat(r.data().outputDownMs()[1]).isEqualTo(4 * H + 20_000);
    }

    @Test
    void aJobWhoseInputCannotArriveWithinTheBoundWaitsInTheQueueForData() {
        // bound 1 h: at t=0 the input would be on board at 1 h 100 s, so the job is placed at 100 s
        List<Job> jobs = List.of(job(0, "t", 4, 0, H));
        SimulationResult r = staged(spec("first-fit", Set.of(), 20, H), jobs, null);
        assertThat(r.startMs(0)).isEqualTo(100_000);
        assertThat(r.data().stagingMs()[0]).isEqualTo(H);
        assertThat(r.waitReason(0)).isEqualTo(WaitReason.DATA);
        assertThat(r.endMs(0)).isEqualTo(2 * H + 100_000);
    }

    @Test
    void theRelayCarriesTheInputWhenItIsSooner() {
        // 1 GB at 1 Gbit/s per satellite, one satellite for a 4-GPU gang, 40 ms latency: 8.04 s
        List<Job> jobs = List.of(job(0, "t", 4, 0, H));
        SimulationResult r = staged(spec("first-fit", Set.of(), 20, H), jobs, new RelayLink(1e9, 0.04));
        assertThat(r.startMs(0)).isZero();
        assertThat(r.data().stagingMs()[0]).isEqualTo(8_040);
        assertThat(r.data().outputDownMs()[0]).isEqualTo(r.endMs(0) + 8_040);
    }

    @Test
    void withoutDataLinksNothingIsStaged() {
        List<Job> jobs = List.of(job(0, "t", 4, 0, H));
        SimulationResult r = threePools(PlacementSpec.DEFAULT.withMode("sun-following"), jobs, 16);
        assertThat(r.data().enabled()).isFalse();
        assertThat(r.data().stagingMs()[0]).isZero();
        assertThat(r.endMs(0)).isEqualTo(H);
        assertThat(r.data().outputDownMs()[0]).isEqualTo(-1);
    }
}
