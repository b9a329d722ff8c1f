package io.skygrid.sim;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.Radiator;
import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.ContactWindows;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.orbit.SatelliteSet;
import io.skygrid.orbit.Satellites;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.power.ThermalEnvironment;
import io.skygrid.power.ThermalModel;
import io.skygrid.power.ThermalThrottle;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Thermal throttling in the event loop ({@link Simulation#withThermal}). */
class ThermalRunTest {
    private static final long H = 3_600_000L;
    private static final long SUN_MS = 60 * 60_000L;
    private static final long DARK_MS = 35 * 60_000L;
    private static final Instant EPOCH = Instant.parse("2026-06-01T00:00:00Z");
    private static final OrbitSpec SHELL = new OrbitSpec.WalkerDelta(53, 650, 2, 1, 0);
    /** 4 x H100 (2,800 W at TDP) + 1 kW bus; a battery large enough that power never runs out */
    private static final SatellitePayload PAYLOAD = new SatellitePayload(AcceleratorCatalog.get("H100-SXM"), 4, 20, 0.3,
            0.9, 1e6, 1000, 0.2, 0.0, 0.0, 1.0);

    /** Radiator area (one face, two-sided) that rejects the full 3.8 kW at 330 K in sunlight at 650 km. */
    private static double fullArea() {
        ThermalEnvironment hot = ThermalEnvironment.forAltitude(650e3 + 6378137.0 - ThermalEnvironment.EARTH_MEAN_RADIUS_M, true);
        return ThermalModel.requiredAreaM2(3800, 330, 0.8, 0.08, true, hot);
    }

    private static OrbitalConstellation constellation(double areaM2) {
        return areaM2 > 0 ? new OrbitalConstellation("c", SHELL, PAYLOAD, new Radiator(areaM2, 0.8, 0.08, true), 330)
                : new OrbitalConstellation("c", SHELL, PAYLOAD);
    }

    private static ThermalThrottle throttle(OrbitalConstellation c) {
        SatelliteSet set = Satellites.load("c", SHELL, EPOCH, false);
        return ThermalThrottle.of(c, set.satellites());
    }

    /** Both satellites: sunlit 60 min, umbra 35 min, repeating. */
    private static ConstellationTimelines timelines(long horizon) {
        List<Long> changes = new ArrayList<>();
        List<Byte> states = new ArrayList<>();
        states.add(SunlightTimeline.SUNLIT);
        long t = SUN_MS;
        boolean sun = true;
        while (t < horizon) {
            changes.add(t);
            sun = !sun;
            states.add(sun ? SunlightTimeline.SUNLIT : SunlightTimeline.UMBRA);
            t += sun ? SUN_MS : DARK_MS;
        }
        long[] c = changes.stream().mapToLong(Long::longValue).toArray();
        byte[] s = new byte[states.size()];
        for (int i = 0; i < s.length; i++) s[i] = states.get(i);
        SunlightTimeline tl = new SunlightTimeline(c, s, horizon);
        ContactWindows none = new ContactWindows(new long[0], new long[0], new int[0], new double[0]);
        return new ConstellationTimelines("c", List.of("s0", "s1"), new SunlightTimeline[] {tl, tl},
                new ContactWindows[] {none, none});
    }

    private static SimulationResult run(OrbitalConstellation c, List<Job> jobs, long horizon, boolean thermal) {
        Simulation sim = new Simulation(List.of(), List.of(c), List.of(timelines(horizon)), jobs,
                new Simulation.Config(horizon, H, new SchedulerSpec("fifo", "easy"), true));
        if (thermal) {
            sim.withThermal(List.of(throttle(c)));
        }
        return sim.run(ProgressListener.NONE);
    }

    /** Completion of {@code workMs} of progress from t=0 at sun/dark rates, with the simulation's rounding. */
    private static long expectedEnd(long workMs, double sun, double dark) {
        long t = 0;
        long left = workMs;
        boolean lit = true;
        while (true) {
            double r = lit ? sun : dark;
            long seg = lit ? SUN_MS : DARK_MS;
            if (r == 0) {
                t += seg;
                lit = !lit;
                continue;
            }
            long wall = r == 1.0 ? left : (long) Math.ceil(left / r);
            if (wall <= seg) {
                return t + wall;
            }
            left -= r == 1.0 ? seg : (long) Math.floor(seg * r);
            t += seg;
            lit = !lit;
        }
    }

    @Test
    void anUndersizedRadiatorSlowsAGangByItsFactorInSunlightAndInEclipse() {
        OrbitalConstellation c = constellation(0.6 * fullArea());
        ThermalThrottle t = throttle(c);
        double sun = t.factor(0, SunlightTimeline.SUNLIT);
        double dark = t.factor(0, SunlightTimeline.UMBRA);
        assertThat(sun).isBetween(0.1, 0.9);
        assertThat(dark).isGreaterThan(sun);
        long horizon = 48 * H;
        long work = 6 * H;
        List<Job> jobs = List.of(new Job(0, "t", 8, 0, work, "test#0"));
        SimulationResult r = run(c, jobs, horizon, true);
        long end = expectedEnd(work, sun, dark);
        assertThat(r.endMs(0)).isEqualTo(end);
        assertThat(end).isGreaterThan((long) (work / Math.max(sun, dark)));
        // work not done for heat: 8 GPUs x (wall - work)
        assertThat(r.throttledGpuHours(0)).isCloseTo(8.0 * (end - work) / H, within(1e-6));
        // throttled accelerators draw factor x TDP: less energy than at full power over the same wall time
        SimulationResult full = run(constellation(0), jobs, horizon, false);
        assertThat(full.endMs(0)).isEqualTo(work);
        assertThat(full.throttledGpuHours(0)).isZero();
        assertThat(r.pools().get(0).gpuHoursDelivered()).isCloseTo(8.0 * end / H, within(1e-6));
    }

    @Test
    void aRadiatorThatCannotCarryTheBusInSunlightStopsTheGangThere() {
        // the largest area (in steps of 1 % of the hot-case area) that cannot carry the 1 kW bus in sunlight
        // (factor 0) yet runs accelerators in eclipse, where the panel sees no albedo
        OrbitalConstellation c = null;
        ThermalThrottle t = null;
        for (int pct = 20; pct <= 40; pct++) {
            OrbitalConstellation k = constellation(pct / 100.0 * fullArea());
            ThermalThrottle tk = throttle(k);
            if (tk.factor(0, SunlightTimeline.SUNLIT) == 0 && tk.factor(0, SunlightTimeline.UMBRA) > 0) {
                c = k;
                t = tk;
            }
        }
        assertThat(t).as("an area with factor 0 in sunlight and > 0 in eclipse").isNotNull();
        assertThat(t.factor(0, SunlightTimeline.SUNLIT)).isZero();
        double dark = t.factor(0, SunlightTimeline.UMBRA);
        assertThat(dark).isPositive();
        long horizon = 48 * H;
        long work = (long) (2.5 * DARK_MS * dark); // two and a half eclipses' worth
        List<Job> jobs = List.of(new Job(0, "t", 4, 0, work, "test#0"));
        SimulationResult r = run(c, jobs, horizon, true);
        // unavailable in sunlight: it starts at the first eclipse, pauses in every sunlit hour (checkpointed; each
        // resume restores the checkpoint first, at the throttled rate) and finishes in the third eclipse
        assertThat(r.startMs(0)).isEqualTo(SUN_MS);
        long restore = io.skygrid.sched.CheckpointSpec.DEFAULT.transferMs(4);
        assertThat(restore).isEqualTo(160);
        long end = expectedEnd(work + 2 * restore, 0, dark);
        assertThat(end).isBetween(2 * (SUN_MS + DARK_MS) + SUN_MS, 3 * (SUN_MS + DARK_MS));
        assertThat(r.endMs(0)).isEqualTo(end);
        assertThat(r.pausedMs(0)).isEqualTo(2 * SUN_MS);
    }

    @Test
    void aRadiatorLargeEnoughChangesNothing() {
        OrbitalConstellation c = constellation(1.01 * fullArea());
        assertThat(throttle(c).limits()).isFalse();
        long horizon = 24 * H;
        List<Job> jobs = List.of(new Job(0, "t", 8, 0, 5 * H, "a"), new Job(1, "t", 4, H, 2 * H, "b"),
                new Job(2, "t", 2, 2 * H, 3 * H, "c"));
        SimulationResult with = run(c, jobs, horizon, true);
        SimulationResult without = run(constellation(0), jobs, horizon, false);
        for (int j = 0; j < jobs.size(); j++) {
            assertThat(with.startMs(j)).isEqualTo(without.startMs(j));
            assertThat(with.endMs(j)).isEqualTo(without.endMs(j));
        }
        assertThat(with.pools().get(0).energyJ()).isEqualTo(without.pools().get(0).energyJ());
        assertThat(with.throttledGpuHours(0)).isZero();
    }
}
