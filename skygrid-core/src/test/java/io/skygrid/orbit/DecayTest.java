package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

import io.skygrid.fleet.GroundStation;
import io.skygrid.sim.ProgressListener;

/** Decay detection: one instant, shared by {@link Decay#find} and {@link OrbitPhysics#compute}. */
class DecayTest {
    static final Instant START = OrbitPhysicsOblateTest.START;
    static final long DAY = 86_400_000L;

    /** A plain 60 s scan with the half-step rule, written out independently of Decay.find's jumps. */
    static long bruteForce(SatelliteOrbit.Sgp4 sat, long spanMs) {
        TLEPropagator prop = TLEPropagator.selectExtrapolator(sat.tle(), FramesFactory.getTEME());
        AbsoluteDate t0 = new AbsoluteDate(START, TimeScalesFactory.getUTC());
        for (long t = 0; t <= spanMs; t += 60_000) {
            if (bad(prop, t0, t)) {
                return t > 0 && bad(prop, t0, t - 30_000) ? t - 30_000 : t;
            }
        }
        return Decay.NEVER;
    }

    private static boolean bad(TLEPropagator prop, AbsoluteDate t0, long t) {
        try {
            Vector3D p = prop.getPVCoordinates(t0.shiftedBy(t / 1000.0)).getPosition();
            double r = p.getNorm();
            double lat = Math.asin(p.getZ() / r);
            double a = OrbitPhysics.WGS84_A, b = a * (1 - OrbitPhysics.WGS84_F);
            double re = a * b / Math.hypot(b * Math.cos(lat), a * Math.sin(lat));
            return !Double.isFinite(r) || r - re < 120e3;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Test
    void findEqualsAPlainScanAndHealthyOrbitsNeverDecay() {
        SatelliteOrbit.Sgp4 fast = OrbitPhysicsOblateTest.orbit(95001, 220, 51.6, 0, 0.01);
        SatelliteOrbit.Sgp4 slow = OrbitPhysicsOblateTest.orbit(95002, 250, 51.6, 30, 0.001);
        SatelliteOrbit.Sgp4 medium = OrbitPhysicsOblateTest.orbit(95003, 250, 97.6, 60, 0.005);
        for (SatelliteOrbit.Sgp4 s : List.of(fast, slow, medium)) {
            long expected = bruteForce(s, 15 * DAY);
            assertThat(expected).as(s.name()).isNotEqualTo(Decay.NEVER);
            assertThat(Decay.find(s, START, 15 * DAY)).as(s.name()).isEqualTo(expected);
        }
        // fast: about 22.6 h; slow: about 10 days (SGP4 with these BSTARs)
        assertThat(Decay.find(fast, START, 15 * DAY)).isBetween(20 * 3_600_000L, 25 * 3_600_000L);
        assertThat(Decay.find(slow, START, 15 * DAY)).isBetween(9 * DAY, 11 * DAY);
        assertThat(Decay.find(OrbitPhysicsOblateTest.orbit(95004, 550, 53, 0, 1e-4), START, 365 * DAY))
                .isEqualTo(Decay.NEVER);
        assertThat(Decay.find(new SatelliteOrbit.CircularJ2("c", 6_900e3, 0.9, 0, 0,
                new AbsoluteDate(START, TimeScalesFactory.getUTC())), START, DAY)).isEqualTo(Decay.NEVER);
    }

    @Test
    void physicsStopsAtTheDecayInstant() {
        SatelliteOrbit.Sgp4 fast = OrbitPhysicsOblateTest.orbit(95001, 220, 51.6, 0, 0.01);
        SatelliteOrbit.Sgp4 ok = OrbitPhysicsOblateTest.orbit(95004, 550, 53, 0, 1e-4);
        List<GroundStation> stations = List.of(new GroundStation("eq", "", 0, 0, 0), new GroundStation("n", "", 45, 10, 0));
        ConstellationTimelines t = OrbitPhysics.compute("d", List.of(fast, ok), START, 2 * DAY, stations, 10, 1,
                ProgressListener.NONE);
        SunlightTimeline tl = t.sunlight()[0];
        long decay = Decay.find(fast, START, 2 * DAY);
        assertThat(tl.decayed()).isTrue();
        assertThat(tl.decayMs()).isEqualTo(decay).isEqualTo(tl.endMs());
        assertThat(t.sunlight()[1].decayed()).isFalse();
        assertThat(t.sunlight()[1].endMs()).isEqualTo(2 * DAY);
        // no sunlight after the decay, no change after it, and eclipses counted only before it
        assertThat(tl.stateAt(decay)).isEqualTo(SunlightTimeline.UMBRA);
        assertThat(tl.timeIn(SunlightTimeline.SUNLIT, decay, 2 * DAY)).isZero();
        assertThat(tl.nextChangeAfter(decay)).isEqualTo(Long.MAX_VALUE);
        double before = (tl.timeIn(SunlightTimeline.UMBRA, 0, decay) + tl.timeIn(SunlightTimeline.PENUMBRA, 0, decay))
                / (double) decay;
        assertThat(tl.eclipseFraction()).isEqualTo(before).isBetween(0.3, 0.45);
        // contacts end by the decay instant
        ContactWindows w = t.contacts()[0];
        assertThat(w.size()).isPositive();
        for (int k = 0; k < w.size(); k++) {
            assertThat(w.losMs()[k]).isLessThanOrEqualTo(decay);
        }
        // the sphere option decays at the same instant (decay does not depend on the shadow model)
        assertThat(OrbitPhysics.compute("d", List.of(fast), START, 2 * DAY, List.of(), 10, 1, ProgressListener.NONE,
                EarthShape.SPHERE).sunlight()[0].decayMs()).isEqualTo(decay);
    }
}
