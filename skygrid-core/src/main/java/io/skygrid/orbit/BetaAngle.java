package io.skygrid.orbit;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.PVCoordinates;

import java.time.Instant;

/**
 * Beta angle (the angle between a satellite's orbit plane and the Sun direction) over a date range,
 * and the eclipse season it implies.
 *
 * <p>beta = asin(h . s), with h the unit orbit normal (r x v) and s the unit Sun direction, both in
 * EME2000; Sun from {@link SunPosition}. A circular orbit of radius r has
 * eclipses only while |beta| < beta* = asin(Re / r), and then spends the fraction
 * acos(sqrt(h^2 + 2 Re h) / (r cos beta)) / pi of each orbit in the Earth's shadow (cylindrical shadow;
 * h = r - Re; Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., ch. 5, eclipse
 * geometry). Re = 6,378,137 m (WGS-84 equatorial radius). These are spherical-Earth figures: the eclipses of
 * {@link OrbitPhysics} (WGS-84 ellipsoid by default) are slightly shorter, most at high beta where the shadow
 * falls over the poles (19.6 s per eclipse at beta -59 deg, 550 km), so a season ends a little before beta*.
 *
 * <p>A satellite that decays ({@link Decay#find}) has no beta from then on: callers stop the series there
 * ({@code skygrid orbit beta} does).
 *
 * <p>Designed orbits use their J2-secular node drift; TLE satellites are propagated with SGP4 to each
 * date, whose plane orientation stays usable for months though positions degrade within days.
 */
public final class BetaAngle {
    private BetaAngle() {
    }

    /**
     * @param sat       the satellite
     * @param from      first date (UTC)
     * @param steps     number of samples, >= 1
     * @param stepDays  days between samples, > 0
     * @return beta angle at each sample, radians in [-pi/2, pi/2]
     */
    public static double[] series(SatelliteOrbit sat, Instant from, int steps, double stepDays) {
        if (steps < 1 || !(stepDays > 0)) {
            throw new IllegalArgumentException("steps must be >= 1 and stepDays > 0");
        }
        OrekitSetup.init();
        Frame eme = FramesFactory.getEME2000();
        AbsoluteDate start = new AbsoluteDate(from, TimeScalesFactory.getUTC());
        TLEPropagator prop = sat instanceof SatelliteOrbit.Sgp4 t ? TLEPropagator.selectExtrapolator(t.tle()) : null;
        double[] beta = new double[steps];
        for (int k = 0; k < steps; k++) {
            AbsoluteDate date = start.shiftedBy(k * stepDays * 86_400.0);
            Vector3D s = SunPosition.position(date, eme).normalize();
            Vector3D h;
            if (prop != null) {
                PVCoordinates pv = prop.getPVCoordinates(date, eme);
                h = pv.getMomentum().normalize();
            } else {
                // a formation member's plane is its reference's to within |offset| / a (1e-4 rad for 1 km)
                SatelliteOrbit.CircularJ2 c = sat instanceof SatelliteOrbit.HillOffset ho ? ho.reference()
                        : (SatelliteOrbit.CircularJ2) sat;
                double raan = c.raanRad() + c.raanRate() * date.durationFrom(c.elementsEpoch());
                double i = c.inclinationRad();
                h = new Vector3D(Math.sin(i) * Math.sin(raan), -Math.sin(i) * Math.cos(raan), Math.cos(i));
            }
            beta[k] = Math.asin(Math.max(-1, Math.min(1, Vector3D.dotProduct(h, s))));
        }
        return beta;
    }

    /** @return beta*, the beta angle above which a circular orbit of radius {@code radiusM} has no eclipse, rad */
    public static double eclipseFreeBeta(double radiusM) {
        return Math.asin(SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS / radiusM);
    }

    /**
     * @return fraction of each orbit spent in the (cylindrical) Earth shadow for a circular orbit of
     * radius {@code radiusM} at beta angle {@code betaRad}; 0 when |beta| >= beta*
     */
    public static double eclipseFraction(double radiusM, double betaRad) {
        double re = SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS;
        double h = radiusM - re;
        double c = Math.sqrt(h * h + 2 * re * h) / (radiusM * Math.cos(betaRad));
        return c >= 1 ? 0.0 : Math.acos(c) / Math.PI;
    }

    /** @return mean orbit radius of a satellite, m (TLE: from the mean motion) */
    public static double meanRadius(SatelliteOrbit sat) {
        if (sat instanceof SatelliteOrbit.HillOffset h) {
            return h.reference().semiMajorAxisM();
        }
        if (sat instanceof SatelliteOrbit.CircularJ2 c) {
            return c.semiMajorAxisM();
        }
        double n = ((SatelliteOrbit.Sgp4) sat).tle().getMeanMotion();
        return Math.cbrt(SatelliteOrbit.CircularJ2.MU / (n * n));
    }

    /** @return orbital period of a circular orbit of radius {@code radiusM}, s */
    public static double periodS(double radiusM) {
        return 2 * Math.PI * Math.sqrt(radiusM * radiusM * radiusM / SatelliteOrbit.CircularJ2.MU);
    }
}
