package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.geometry.euclidean.threed.FieldVector3D;
import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.Test;
import org.orekit.bodies.OneAxisEllipsoid;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.propagation.events.EclipseDetector;
import org.orekit.propagation.events.EventsLogger;
import org.orekit.propagation.events.handlers.ContinueOnEvent;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.FieldAbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.ExtendedPositionProvider;
import org.orekit.utils.IERSConventions;
import org.orekit.utils.TimeStampedPVCoordinates;

import io.skygrid.sim.ProgressListener;

/**
 * The WGS-84 shadow of {@link OrbitPhysics} against an independent oblate computation: Orekit's
 * {@link EclipseDetector} on a {@link OneAxisEllipsoid} (WGS-84, ITRF), which finds the ellipsoid's limb
 * towards the Sun directly instead of stretching space, driven by Orekit's own event search on the same
 * SGP4 orbits and the same Sun ({@link SunPosition}, radius {@link OrbitPhysics#SUN_RADIUS_M}). Also the
 * sphere-versus-ellipsoid figures and the miss rate of the 30 s grid for grazing eclipses.
 */
class OrbitPhysicsOblateTest {
    static final Instant START = Instant.parse("2026-02-23T00:00:00Z");
    static final long DAY = 86_400_000L;
    /** Largest allowed difference of an ordinary (non-grazing) boundary from Orekit's, s. */
    static final double BOUNDARY_TOLERANCE_S = 0.25;

    /** The Sun of {@link SunPosition} as an Orekit position provider (non-field use only). */
    static final ExtendedPositionProvider SUN = new ExtendedPositionProvider() {
        @Override
        public Vector3D getPosition(AbsoluteDate date, Frame frame) {
            return SunPosition.position(date, frame);
        }

        @Override
        public TimeStampedPVCoordinates getPVCoordinates(AbsoluteDate date, Frame frame) {
            return new TimeStampedPVCoordinates(date, getPosition(date, frame), Vector3D.ZERO);
        }

        @Override
        public <T extends CalculusFieldElement<T>> FieldVector3D<T> getPosition(FieldAbsoluteDate<T> date, Frame frame) {
            throw new UnsupportedOperationException("field Sun not needed");
        }
    };

    /** A near-circular SGP4 orbit with elements at START. */
    static SatelliteOrbit.Sgp4 orbit(int number, double altitudeKm, double incDeg, double raanDeg, double bstar) {
        OrekitSetup.init();
        double a = OrbitPhysics.WGS84_A + altitudeKm * 1e3;
        double n = Math.sqrt(SatelliteOrbit.CircularJ2.MU / (a * a * a));
        AbsoluteDate epoch = new AbsoluteDate(START, TimeScalesFactory.getUTC());
        TLE tle = new TLE(number, 'U', 2026, 1, "A", 0, 999, epoch, n, 0, 0, 0.0005, Math.toRadians(incDeg),
                0, Math.toRadians(raanDeg), 0, 1, bstar);
        return new SatelliteOrbit.Sgp4("T" + number, tle);
    }

    /** A shadow boundary: instant (ms since START) and whether it is the umbra's (else the penumbra's). */
    record Boundary(double tMs, boolean umbra) {
    }

    /** Orekit's boundaries over [0, spanMs], event search every {@code maxCheckS} s to 1e-4 s. */
    static List<Boundary> orekit(SatelliteOrbit.Sgp4 sat, long spanMs, double maxCheckS) {
        Frame teme = FramesFactory.getTEME();
        OneAxisEllipsoid earth = new OneAxisEllipsoid(OrbitPhysics.WGS84_A, OrbitPhysics.WGS84_F,
                FramesFactory.getITRF(IERSConventions.IERS_2010, true));
        TLEPropagator prop = TLEPropagator.selectExtrapolator(sat.tle(), teme);
        EclipseDetector umbra = new EclipseDetector(SUN, OrbitPhysics.SUN_RADIUS_M, earth).withUmbra()
                .withMaxCheck(maxCheckS).withThreshold(1e-4).withHandler(new ContinueOnEvent());
        EclipseDetector penumbra = new EclipseDetector(SUN, OrbitPhysics.SUN_RADIUS_M, earth).withPenumbra()
                .withMaxCheck(maxCheckS).withThreshold(1e-4).withHandler(new ContinueOnEvent());
        EventsLogger log = new EventsLogger();
        prop.addEventDetector(log.monitorDetector(umbra));
        prop.addEventDetector(log.monitorDetector(penumbra));
        AbsoluteDate t0 = new AbsoluteDate(START, TimeScalesFactory.getUTC());
        prop.propagate(t0, t0.shiftedBy(spanMs / 1000.0));
        List<Boundary> out = new ArrayList<>();
        for (EventsLogger.LoggedEvent e : log.getLoggedEvents()) {
            double t = e.getState().getDate().durationFrom(t0) * 1000;
            if (t > 0 && t < spanMs) {
                out.add(new Boundary(t, ((EclipseDetector) e.getEventDetector()).getTotalEclipse()));
            }
        }
        out.sort((x, y) -> Double.compare(x.tMs(), y.tMs()));
        return out;
    }

    /** Boundaries of a timeline: a change touching SUNLIT is the penumbra's, else the umbra's. */
    static List<Boundary> boundaries(SunlightTimeline tl) {
        List<Boundary> out = new ArrayList<>();
        for (int k = 0; k < tl.changes(); k++) {
            boolean pen = tl.state(k) == SunlightTimeline.SUNLIT || tl.state(k + 1) == SunlightTimeline.SUNLIT;
            out.add(new Boundary(tl.changeMs(k), !pen));
        }
        return out;
    }

    static SunlightTimeline physics(SatelliteOrbit sat, long spanMs, EarthShape shape) {
        return OrbitPhysics.compute("t", List.of(sat), START, spanMs, List.of(), 10, 1, ProgressListener.NONE, shape)
                .sunlight()[0];
    }

    /** |difference| of each pair of boundaries, s, after checking the lists pair up (same count and kinds). */
    static double[] differences(List<Boundary> a, List<Boundary> b, String what) {
        assertThat(a).as("boundaries of %s", what).hasSameSizeAs(b);
        double[] d = new double[a.size()];
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).umbra()).as("kind of boundary %d of %s", i, what).isEqualTo(b.get(i).umbra());
            d[i] = Math.abs(a.get(i).tMs() - b.get(i).tMs()) / 1000;
        }
        return d;
    }

    static final SatelliteOrbit.Sgp4[] ORBITS = {
        orbit(90001, 550, 53.0, 0, 1e-5), orbit(90002, 550, 97.6, 150, 1e-5), orbit(90003, 600, 70.0, 120, 1e-5),
        orbit(90004, 500, 43.0, 200, 1e-5), orbit(90005, 1200, 87.9, 300, 1e-5), orbit(90006, 550, 97.6, 221, 1e-5),
    };

    @Test
    void wgs84ShadowMatchesOrekitEllipsoidAndTheSphereDoesNot() {
        double worst = 0;
        double worstSphere = 0;
        int n = 0;
        for (SatelliteOrbit.Sgp4 sat : ORBITS) {
            List<Boundary> ref = orekit(sat, DAY, 10);
            System.out.printf("  %s: beta %.1f deg%n", sat.name(), Math.toDegrees(BetaAngle.series(sat, START, 1, 1)[0]));
            assertThat(ref.size()).as("Orekit boundaries of %s", sat.name()).isGreaterThan(40);
            double[] d = differences(boundaries(physics(sat, DAY, EarthShape.WGS84)), ref, sat.name());
            double[] ds = differences(boundaries(physics(sat, DAY, EarthShape.SPHERE)), ref, sat.name() + " (sphere)");
            worst = Math.max(worst, Arrays.stream(d).max().orElse(0));
            worstSphere = Math.max(worstSphere, Arrays.stream(ds).max().orElse(0));
            n += d.length;
        }
        System.out.printf("WGS-84 shadow vs Orekit OneAxisEllipsoid: %d boundaries, max |dt| %.3f s; sphere vs Orekit"
                + " ellipsoid: max |dt| %.3f s%n", n, worst, worstSphere);
        assertThat(worst).isLessThan(BOUNDARY_TOLERANCE_S);
        // the sphere's polar bulge of shadow is seen by the independent ellipsoid: the test tells them apart
        assertThat(worstSphere).isGreaterThan(5.0);
    }

    /**
     * The figures of the sphere-to-ellipsoid change: boundary shifts over 24 h of the orbits above, and the
     * umbra duration at high beta (a dawn-dusk orbit near its season edge).
     */
    @Test
    void sphereVersusEllipsoidFigures() {
        List<Double> shifts = new ArrayList<>();
        for (SatelliteOrbit.Sgp4 sat : ORBITS) {
            for (double d : differences(boundaries(physics(sat, DAY, EarthShape.WGS84)),
                    boundaries(physics(sat, DAY, EarthShape.SPHERE)), sat.name())) {
                shifts.add(d);
            }
        }
        double[] s = shifts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s[s.length / 2];
        double max = s[s.length - 1];
        // high beta: SSO 97.6 deg, 550 km, RAAN 221 deg in late February (|beta| ~ 60 deg, eclipses over the poles)
        SatelliteOrbit.Sgp4 high = ORBITS[5];
        double beta = Math.toDegrees(BetaAngle.series(high, START, 1, 1)[0]);
        SunlightTimeline w = physics(high, DAY, EarthShape.WGS84);
        SunlightTimeline sp = physics(high, DAY, EarthShape.SPHERE);
        double umbraW = w.timeIn(SunlightTimeline.UMBRA, 0, DAY) / 1000.0;
        double umbraS = sp.timeIn(SunlightTimeline.UMBRA, 0, DAY) / 1000.0;
        int eclipses = (int) boundaries(w).stream().filter(Boundary::umbra).count() / 2;
        System.out.printf("sphere -> WGS-84: %d boundaries, median shift %.2f s, max %.2f s; beta %.1f deg: umbra %.1f s"
                        + " -> %.1f s per day, %.1f s shorter per eclipse (%d eclipses)%n", s.length, median, max, beta,
                umbraS, umbraW, (umbraS - umbraW) / eclipses, eclipses);
        assertThat(median).isBetween(0.5, 15.0);
        assertThat(max).isBetween(5.0, 60.0);
        assertThat(umbraW).isLessThan(umbraS);
    }

    /**
     * The grid limit: high-beta dawn-dusk orbits whose eclipses shrink to nothing at the season edge,
     * 2 days each, against Orekit's event search every 1 s. Counts the penumbra eclipses of the reference
     * shorter than 30 s and how many of them the 30 s grid misses (no shadow at all within them).
     */
    /**
     * The grid limit: dawn-dusk orbits (97.6 deg, 550 km) at the edge of their eclipse season, where
     * eclipses shrink to nothing, against Orekit's event search every 1 s. The season edge is found by
     * bisection on the RAAN (the RAAN at which the physics first shows an eclipse within the span); 40
     * RAANs from 0.012 deg inside to 0.004 deg outside it give eclipses from ~1 min down to a few seconds.
     * Counts the reference eclipses (penumbra entry to exit) shorter than 30 s and those the 30 s grid
     * misses (no shadow at all within them).
     */
    @Test
    void grazingMissRate() {
        long span = 2 * 3_600_000L;
        double inside = 200;
        double outside = 246;
        for (int it = 0; it < 30; it++) {
            double mid = (inside + outside) / 2;
            if (physics(orbit(91000, 550, 97.6, mid, 1e-5), span, EarthShape.WGS84).changes() > 0) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        int shortTotal = 0;
        int shortMissed = 0;
        int longMissed = 0;
        int all = 0;
        double longestMissed = 0;
        for (int j = 0; j < 40; j++) {
            double raan = outside - 0.012 + j * 0.016 / 39;
            SatelliteOrbit.Sgp4 sat = orbit(91001 + j, 550, 97.6, raan, 1e-5);
            List<Boundary> ref = orekit(sat, span, 1);
            SunlightTimeline mine = physics(sat, span, EarthShape.WGS84);
            List<Boundary> pen = ref.stream().filter(b -> !b.umbra()).toList();
            // penumbra boundaries alternate entry and exit; the first is an exit if the orbit starts in shadow
            for (int i = startsInShadow(sat) ? 1 : 0; i + 1 < pen.size(); i += 2) {
                double a = pen.get(i).tMs();
                double b = pen.get(i + 1).tMs();
                all++;
                boolean found = mine.timeIn(SunlightTimeline.PENUMBRA, (long) a, (long) Math.ceil(b))
                        + mine.timeIn(SunlightTimeline.UMBRA, (long) a, (long) Math.ceil(b)) > 0;
                if (!found) {
                    longestMissed = Math.max(longestMissed, (b - a) / 1000);
                }
                if (b - a < 30_000) {
                    shortTotal++;
                    if (!found) {
                        shortMissed++;
                    }
                } else if (!found && b - a > 60_000) {
                    longMissed++;
                }
            }
        }
        System.out.printf("grazing eclipses: season edge at RAAN %.4f deg; %d eclipses in the reference, %d shorter"
                + " than 30 s, %d of those missed by the 30 s grid (%.0f %%); longest missed %.1f s%n", outside, all,
                shortTotal, shortMissed, 100.0 * shortMissed / Math.max(1, shortTotal), longestMissed);
        assertThat(shortTotal).as("short eclipses in the sample").isGreaterThanOrEqualTo(10);
        assertThat(longMissed).isZero();
        // the documented figures (OrbitPhysics Javadoc, measured 2026-12-08): 2 of 13 (15 %) missed, the longest
        // 9.4 s; more than a third missed, or a missed eclipse of 30 s or more, would be a regression
        assertThat(shortMissed).isLessThanOrEqualTo(shortTotal / 3);
        assertThat(longestMissed).isLessThan(30.0);
    }

    /** True if Orekit's penumbra detector is negative (in shadow) at START. */
    private static boolean startsInShadow(SatelliteOrbit.Sgp4 sat) {
        Frame teme = FramesFactory.getTEME();
        OneAxisEllipsoid earth = new OneAxisEllipsoid(OrbitPhysics.WGS84_A, OrbitPhysics.WGS84_F,
                FramesFactory.getITRF(IERSConventions.IERS_2010, true));
        TLEPropagator prop = TLEPropagator.selectExtrapolator(sat.tle(), teme);
        EclipseDetector penumbra = new EclipseDetector(SUN, OrbitPhysics.SUN_RADIUS_M, earth).withPenumbra();
        return penumbra.g(prop.propagate(new AbsoluteDate(START, TimeScalesFactory.getUTC()))) < 0;
    }
}
