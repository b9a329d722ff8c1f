package io.skygrid.sim;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.sched.PlacementSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.workload.InferenceService;
import io.skygrid.workload.InferenceWorkload;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Inference replicas in the event loop: per-node limit, shared capacity, latency bound, evictions. */
class InferenceRunTest {
    private static final long H = 3_600_000L;

    private static GroundSite site(int gpus) {
        return new GroundSite("ground", 35, -90, AcceleratorCatalog.get("H100-SXM"), gpus, 8, 1e9, 1.2, 0.06,
                GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
    }

    private static OrbitalConstellation constellation(double batteryWh) {
        SatellitePayload payload = new SatellitePayload(AcceleratorCatalog.get("H100-SXM"), 4, 20, 0.3, 0.9,
                batteryWh, 1000, 0.2, 0.0, 0.0, 1.0);
        return new OrbitalConstellation("shell", new OrbitSpec.WalkerDelta(53, 550, 2, 1, 0), payload);
    }

    private static ConstellationTimelines timelines(SunlightTimeline tl) {
        ContactWindows none = new ContactWindows(new long[0], new long[0], new int[0], new double[0]);
        return new ConstellationTimelines("shell", List.of("s0", "s1"), new SunlightTimeline[] {tl, tl},
                new ContactWindows[] {none, none});
    }

    /** One service of 1-GPU replicas, at most {@code limit} per node. */
    private static InferenceWorkload service(int limit, long[] start, long[] end) {
        String[] origin = new String[start.length];
        for (int i = 0; i < origin.length; i++) origin[i] = "test.csv:" + (i + 2);
        return new InferenceWorkload(List.of(new InferenceService(0, "app_0/HN", 1, limit, start, end, origin)),
                Map.of(), "test.csv");
    }

    private static SimulationResult run(List<OrbitalConstellation> cons, List<ConstellationTimelines> tl,
                                        List<Job> jobs, InferenceWorkload w, double boundMs, long horizon) {
        PlacementSpec p = new PlacementSpec("first-fit", Set.of(), boundMs, 0.9, 6 * H, -1, -1, H);
        Simulation sim = new Simulation(List.of(site(16)), cons, tl, jobs,
                new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "easy").withPlacement(p), true));
        return sim.inference(w).run(ProgressListener.NONE);
    }

    @Test
    void theLimitPerNodeSpreadsReplicasAndAThirdWaitsForRoom() {
        // ground: 2 nodes of 8; at most one replica per node: the third waits until the first ends at 2 h
        InferenceWorkload w = service(1, new long[] {0, 0, H}, new long[] {2 * H, InferenceService.OPEN_END, 5 * H});
        SimulationResult r = run(List.of(), List.of(), List.of(), w, 1.0, 10 * H);
        SimulationResult.InferenceRun inf = r.inference();
        assertThat(inf.firstPlacedMs()).containsExactly(0, 0, 2 * H);
        assertThat(inf.node()[0]).isNotEqualTo(inf.node()[1]);
        assertThat(inf.node()[2]).isEqualTo(inf.node()[0]);
        // served: 2 h + 10 h (open end, to the horizon) + 3 h
        assertThat(inf.servedMs()).containsExactly(2 * H, 10 * H, 3 * H);
        assertThat(inf.servedGpuHours()).isEqualTo(15.0);
        assertThat(inf.demand().gpuHours()).isEqualTo(16.0);
        assertThat(inf.state()).containsExactly((byte) 3, (byte) 2, (byte) 3);
        // replicas are busy GPUs of the site
        assertThat(r.pools().get(0).gpuHoursDelivered()).isEqualTo(15.0);
    }

    @Test
    void replicasShareTheSiteWithTrainingAndGoFirst() {
        // training wants the whole site (16) for 1 h from t=0; a replica wanted at 0 takes a GPU first
        InferenceWorkload w = service(InferenceService.NO_LIMIT, new long[] {0}, new long[] {3 * H});
        List<Job> jobs = List.of(new Job(0, "t", 16, 0, H, "test#0"));
        SimulationResult r = run(List.of(), List.of(), jobs, w, 1.0, 10 * H);
        assertThat(r.inference().firstPlacedMs()[0]).isZero();
        assertThat(r.startMs(0)).isEqualTo(3 * H);
    }

    @Test
    void orbitServesOnlyWithinTheLatencyBoundAndEvictsWhenASatelliteSwitchesOff() {
        long horizon = 10 * H;
        // ground full of training for the whole horizon from t=0; a replica wanted 1 ms later
        List<Job> jobs = List.of(new Job(0, "t", 16, 0, 20 * H, "test#0"));
        InferenceWorkload w = service(InferenceService.NO_LIMIT, new long[] {1}, new long[] {InferenceService.OPEN_END});
        // satellites without battery: off in every umbra (sunlit 60 min, umbra 35 min)
        long[] changes = {60 * 60_000L, 95 * 60_000L, 155 * 60_000L, 190 * 60_000L};
        byte[] states = {SunlightTimeline.SUNLIT, SunlightTimeline.UMBRA, SunlightTimeline.SUNLIT,
                SunlightTimeline.UMBRA, SunlightTimeline.SUNLIT};
        SunlightTimeline tl = new SunlightTimeline(changes, states, horizon);
        // 1 ms: 550 km is about 6 ms away at a 10 deg mask: the replica never runs
        SimulationResult tight = run(List.of(constellation(0)), List.of(timelines(tl)), jobs, w, 1.0, horizon);
        assertThat(tight.inference().firstPlacedMs()[0]).isEqualTo(-1);
        assertThat(tight.inference().state()[0]).isEqualTo((byte) 1);
        // 20 ms: it runs in orbit, is evicted in both umbras and comes back in sunlight
        SimulationResult loose = run(List.of(constellation(0)), List.of(timelines(tl)), jobs, w, 20.0, horizon);
        SimulationResult.InferenceRun inf = loose.inference();
        assertThat(inf.firstPlacedMs()[0]).isEqualTo(1);
        assertThat(loose.pools().get(inf.pool()[0]).orbital()).isTrue();
        assertThat(inf.evictions()[0]).isEqualTo(2);
        assertThat(inf.servedMs()[0]).isEqualTo(horizon - 1 - 2 * 35 * 60_000L);
    }

    @Test
    void aFailedDeviceUnderAReplicaEvictsItAndItIsPlacedAgain() {
        // ground site of 2 nodes x 8; one 1-GPU replica for 10 h; GPU failures (MTBF 100 h, 30 min repairs): find a
        // draw whose only failure hits the device the replica sits on (node 0, device 0: first placement)
        long horizon = 10 * H;
        FailureSpec f = new FailureSpec(true, 100, 1_800_000, 0, 0, 0, 0);
        long seed = -1;
        for (long s = 0; s < 100_000 && seed < 0; s++) {
            FailureEvents e = new FailureModel(f, s).events(0, 2, 8, false, 0, horizon);
            if (e.size() == 1 && e.node()[0] == 0 && e.device()[0] == 0 && e.timeMs()[0] > H && e.timeMs()[0] < 9 * H) {
                seed = s;
            }
        }
        assertThat(seed).isNotNegative();
        InferenceWorkload w = service(1, new long[] {0}, new long[] {horizon});
        PlacementSpec p = new PlacementSpec("first-fit", Set.of(), 1.0, 0.9, 6 * H, -1, -1, H);
        SimulationResult r = new Simulation(List.of(site(16)), List.of(), List.of(), List.of(),
                new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "easy").withPlacement(p), true))
                .inference(w).withFailures(new FailureModel(f, seed)).run(ProgressListener.NONE);
        SimulationResult.InferenceRun inf = r.inference();
        assertThat(r.failures().byKind()[0]).isEqualTo(1);
        assertThat(inf.evictions()[0]).isEqualTo(1);
        // placed again at once on another healthy GPU: served the whole horizon
        assertThat(inf.servedMs()[0]).isEqualTo(horizon);
    }
}
