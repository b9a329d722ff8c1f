package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.List;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;
import org.orekit.bodies.AnalyticalSolarPositionProvider;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.bodies.OneAxisEllipsoid;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.frames.TopocentricFrame;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.Constants;
import org.orekit.utils.IERSConventions;

import io.skygrid.TestData;
import io.skygrid.fleet.GroundStation;
import io.skygrid.sim.ProgressListener;

class OrbitPhysicsTest {
    static final long DAY = 86_400_000L;

    /**
     * Independent eclipse fraction of a circular orbit: cylindrical shadow, beta angle from the Sun
     * direction and the orbit normal: f = acos(sqrt(h^2 + 2Rh) / ((R+h) cos beta)) / pi for
     * |beta| &lt; asin(R/(R+h)), else 0.
     */
    static double cylindricalEclipseFraction(double altitudeM, double betaRad) {
        double r = OrbitPhysics.EARTH_SHADOW_RADIUS_M;
        double x = Math.sqrt(altitudeM * altitudeM + 2 * r * altitudeM) / ((r + altitudeM) * Math.cos(betaRad));
        return x >= 1 ? 0 : Math.acos(x) / Math.PI;
    }

    /** Mean beta angle over the day (orbit normal and Sun evaluated every 10 min, EME2000). */
    static double meanBeta(SatelliteOrbit.CircularJ2 s, Instant epoch) {
        AbsoluteDate d0 = new AbsoluteDate(epoch, TimeScalesFactory.getUTC());
        AnalyticalSolarPositionProvider sun = new AnalyticalSolarPositionProvider();
        double sum = 0;
        int n = 0;
        for (double t = 0; t <= 86400; t += 600, n++) {
            double raan = s.raanRad() + s.raanRate() * (t + d0.durationFrom(s.elementsEpoch()));
            Vector3D normal = new Vector3D(Math.sin(s.inclinationRad()) * Math.sin(raan),
                    -Math.sin(s.inclinationRad()) * Math.cos(raan), Math.cos(s.inclinationRad()));
            sum += Math.PI / 2 - Vector3D.angle(normal, sun.getPosition(d0.shiftedBy(t), FramesFactory.getEME2000()));
        }
        return sum / n;
    }

    /**
     * Fraction of time in shadow (umbra + half the penumbra) over whole orbits: from the first to the
     * last entry into the penumbra from sunlight (a horizon cutting an orbit would bias the fraction by
     * up to half an eclipse).
     */
    static double shadowFraction(SunlightTimeline tl) {
        long first = -1, last = -1;
        for (int k = 0; k < tl.changes(); k++) {
            if (tl.state(k) == SunlightTimeline.SUNLIT && tl.state(k + 1) == SunlightTimeline.PENUMBRA) {
                if (first < 0) {
                    first = tl.changeMs(k);
                }
                last = tl.changeMs(k);
            }
        }
        if (first < 0 || last == first) {
            return 0;
        }
        return (tl.timeIn(SunlightTimeline.UMBRA, first, last) + 0.5 * tl.timeIn(SunlightTimeline.PENUMBRA, first, last))
                / (double) (last - first);
    }

    /**
     * Umbra + half the penumbra (the cylinder lies between the two cones) against the cylindrical
     * formula over whole orbits: measured differences 2e-5 of the orbit (~0.1 s per orbit), asserted within 2e-4 (~1 s per orbit) for
     * ISS-like and dawn-dusk orbits.
     */
    @Test
    void eclipseFractionMatchesBetaAngleFormula() {
        // the formula is that of a spherical Earth: compare with the sphere option (the ellipsoid shortens
        // this 51.6 deg orbit's eclipses by ~9 s each, 0.16 % of the day)
        Instant june = Instant.parse("2026-06-21T00:00:00Z");
        List<SatelliteOrbit> iss = Satellites.load("iss", new OrbitSpec.WalkerDelta(51.6, 420, 4, 4, 0), june, false).satellites();
        List<SatelliteOrbit> dusk = Satellites.load("dusk", new OrbitSpec.SunSynchronous(650, 18, 1, 0), june, false).satellites();
        List<SatelliteOrbit> dawn = Satellites.load("dawn", new OrbitSpec.SunSynchronous(650, 6, 1, 0), june, false).satellites();
        ConstellationTimelines a = OrbitPhysics.compute("iss", iss, june, DAY, List.of(), 10, 2, ProgressListener.NONE, EarthShape.SPHERE);
        for (int i = 0; i < iss.size(); i++) {
            SatelliteOrbit.CircularJ2 s = (SatelliteOrbit.CircularJ2) iss.get(i);
            double expected = cylindricalEclipseFraction(420e3, meanBeta(s, june));
            assertThat(shadowFraction(a.sunlight()[i])).as(s.name()).isCloseTo(expected, offset(2e-4));
            if (expected > 0.05) {
                assertThat(a.sunlight()[i].timeIn(SunlightTimeline.PENUMBRA, 0, DAY)).isPositive();
            } else if (expected == 0) {
                assertThat(a.sunlight()[i].changes()).isZero();
            }
        }
        ConstellationTimelines b = OrbitPhysics.compute("dusk", dusk, june, DAY, List.of(), 10, 1, ProgressListener.NONE, EarthShape.SPHERE);
        double beta = meanBeta((SatelliteOrbit.CircularJ2) dusk.get(0), june);
        assertThat(Math.toDegrees(beta)).isBetween(55.0, 62.0);   // 18:00 LTAN in June: short eclipses
        assertThat(shadowFraction(b.sunlight()[0])).isCloseTo(cylindricalEclipseFraction(650e3, beta), offset(2e-4))
                .isPositive();
        ConstellationTimelines c = OrbitPhysics.compute("dawn", dawn, june, DAY, List.of(), 10, 1, ProgressListener.NONE, EarthShape.SPHERE);
        assertThat(c.sunlight()[0].changes()).isZero();             // 06:00 LTAN in June: beta ~ -74 deg
        assertThat(c.sunlight()[0].stateAt(0)).isEqualTo(SunlightTimeline.SUNLIT);
        Instant december = Instant.parse("2026-12-21T00:00:00Z");
        List<SatelliteOrbit> duskDec = Satellites.load("d", new OrbitSpec.SunSynchronous(650, 18, 1, 0), december, false).satellites();
        assertThat(OrbitPhysics.compute("d", duskDec, december, DAY, List.of(), 10, 1, ProgressListener.NONE, EarthShape.SPHERE)
                .sunlight()[0].changes()).isZero();                  // 18:00 LTAN in December
    }

    @Test
    void passesUnderTheOrbitArePlausibleAndMatchOrekitElevation() {
        Instant epoch = Instant.parse("2026-02-24T00:00:00Z");
        List<SatelliteOrbit> sats = Satellites.load("s", new OrbitSpec.TleFile(TestData.path("tle/starlink-2026-02-23.tle"),
                null, 12), epoch, false).satellites();
        List<GroundStation> stations = List.of(new GroundStation("equator", "", 0, 0, 0),
                new GroundStation("mid", "", 40, -105, 1600), new GroundStation("south", "", -45, 170, 0));
        ConstellationTimelines t = OrbitPhysics.compute("s", sats, epoch, DAY, stations, 10, 2, ProgressListener.NONE);
        Frame itrf = FramesFactory.getITRF(IERSConventions.IERS_2010, true);
        OneAxisEllipsoid earth = new OneAxisEllipsoid(Constants.WGS84_EARTH_EQUATORIAL_RADIUS, Constants.WGS84_EARTH_FLATTENING, itrf);
        AbsoluteDate d0 = new AbsoluteDate(epoch, TimeScalesFactory.getUTC());
        int windows = 0;
        for (int i = 0; i < sats.size(); i++) {
            ContactWindows w = t.contacts()[i];
            TLEPropagator prop = TLEPropagator.selectExtrapolator(((SatelliteOrbit.Sgp4) sats.get(i)).tle());
            for (int k = 0; k < w.size(); k++, windows++) {
                long len = w.losMs()[k] - w.aosMs()[k];
                assertThat(w.maxElevDeg()[k]).isBetween(10.0, 90.0);
                if (w.aosMs()[k] > 0 && w.losMs()[k] < DAY) {
                    assertThat(len).isBetween(10_000L, 15 * 60_000L);
                    GroundStation g = stations.get(w.station()[k]);
                    TopocentricFrame topo = new TopocentricFrame(earth, new GeodeticPoint(Math.toRadians(g.latitudeDeg()),
                            Math.toRadians(g.longitudeDeg()), g.altitudeM()), g.name());
                    for (long tMs : new long[] {w.aosMs()[k], w.losMs()[k]}) {
                        AbsoluteDate d = d0.shiftedBy(tMs / 1000.0);
                        Vector3D p = prop.getPVCoordinates(d, topo).getPosition();
                        // AOS/LOS elevation equals the mask within 0.01 deg (~1 s of pass time)
                        assertThat(Math.toDegrees(Math.asin(p.getZ() / p.getNorm()))).isCloseTo(10.0, offset(0.01));
                    }
                }
            }
            for (int k = 1; k < w.size(); k++) {
                assertThat(w.aosMs()[k]).isGreaterThanOrEqualTo(w.aosMs()[k - 1]);
            }
        }
        assertThat(windows).isGreaterThan(50);
    }

    @Test
    void deterministicAcrossThreadCounts() {
        Instant epoch = Instant.parse("2026-02-24T00:00:00Z");
        List<SatelliteOrbit> sats = new java.util.ArrayList<>(Satellites.load("s", new OrbitSpec.TleFile(
                TestData.path("tle/starlink-2026-02-23.tle"), null, 30), epoch, false).satellites());
        sats.addAll(Satellites.load("w", new OrbitSpec.WalkerDelta(53, 550, 6, 2, 1), epoch, false).satellites());
        List<GroundStation> stations = List.of(new GroundStation("a", "", 78.2, 15.4, 500), new GroundStation("b", "", -33, 151, 0),
                new GroundStation("c", "", 35, -90, 100));
        java.util.concurrent.atomic.AtomicLong advanced = new java.util.concurrent.atomic.AtomicLong();
        ProgressListener counting = new ProgressListener() {
            @Override
            public void start(String phase, long total) {
                assertThat(phase).isEqualTo("physics: s");
            }

            @Override
            public void advance(long done) {
                advanced.addAndGet(done);
            }

            @Override
            public void finish() {
            }
        };
        ConstellationTimelines one = OrbitPhysics.compute("s", sats, epoch, DAY / 4, stations, 10, 1, counting);
        ConstellationTimelines two = OrbitPhysics.compute("s", sats, epoch, DAY / 4, stations, 10, 2, ProgressListener.NONE);
        assertThat(advanced.get()).isEqualTo(sats.size());
        for (int i = 0; i < sats.size(); i++) {
            SunlightTimeline a = one.sunlight()[i], b = two.sunlight()[i];
            assertThat(a.changes()).isEqualTo(b.changes());
            for (int k = 0; k < a.changes(); k++) {
                assertThat(a.changeMs(k)).isEqualTo(b.changeMs(k));
                assertThat(a.state(k + 1)).isEqualTo(b.state(k + 1));
            }
            assertThat(one.contacts()[i].aosMs()).isEqualTo(two.contacts()[i].aosMs());
            assertThat(one.contacts()[i].losMs()).isEqualTo(two.contacts()[i].losMs());
            assertThat(one.contacts()[i].station()).isEqualTo(two.contacts()[i].station());
            assertThat(one.contacts()[i].maxElevDeg()).isEqualTo(two.contacts()[i].maxElevDeg());
        }
        assertThat(OrbitPhysics.rawPropagation(sats, epoch, DAY / 4, 60_000, 1))
                .isEqualTo(OrbitPhysics.rawPropagation(sats, epoch, DAY / 4, 60_000, 2));
    }

    @Test
    void aSatelliteOrekitCannotPropagateIsNamedNotAnOrekitTrace() {
        Instant epoch = Instant.parse("2026-02-24T00:00:00Z");
        // eccentricity 0.9999999: Satellites.load rejects it; built directly it reaches the physics
        String l1 = "1 44714U 19074B   26053.95338319  .00001514  00000+0  61711-4 0  999";
        String l2 = "2 44714  53.1565 247.2957 9999999  94.4223 265.6921 15.31035506346616";
        org.orekit.propagation.analytical.tle.TLE tle = new org.orekit.propagation.analytical.tle.TLE(l1 + sum(l1), l2 + sum(l2),
                TimeScalesFactory.getUTC());
        List<SatelliteOrbit> sats = List.of(new SatelliteOrbit.Sgp4("BAD-1", tle));
        for (int threads : new int[] {1, 2}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> OrbitPhysics.compute("s", sats, epoch, DAY, List.of(), 10,
                    threads, ProgressListener.NONE))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("s: satellite BAD-1 (catalogue 44714) (index 0) cannot be propagated: too large"
                            + " eccentricity");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OrbitPhysics.rawPropagation(sats, epoch, DAY, 60_000, 1))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("satellite BAD-1");
    }

    private static int sum(String first68) {
        int s = 0;
        for (char c : first68.toCharArray()) {
            s += Character.isDigit(c) ? c - '0' : c == '-' ? 1 : 0;
        }
        return s % 10;
    }
}
