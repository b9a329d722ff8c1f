package io.skygrid.orbit;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.time.AbsoluteDate;
import org.orekit.utils.Constants;
import org.orekit.utils.IERSConventions;

/**
 * Geocentric position of the Sun from the solar coordinates of J. Meeus, <i>Astronomical Algorithms</i>, 2nd ed.
 * (1998), ch. 25 ("Solar coordinates", the low-accuracy method: 0.01 deg in longitude), with the mean
 * obliquity of ch. 22 (eq. 22.2), corrected for annual aberration (-20.4898"/R) and referred to the mean
 * equator and equinox of date, which Orekit's MOD frame (IERS 2010 precession) carries to any frame.
 *
 * <p>Why not Orekit's {@code AnalyticalSolarPositionProvider}: it implements the Montenbruck &amp; Gill series
 * (<i>Satellite Orbits</i>, 2000, eq. 3.43), whose J2000 mean longitude advances at the anomalistic rate; by
 * 2026 it lags the Sun by 0.08 deg (0.32 deg per century), which moved eclipse entries and exits of LEO
 * satellites by up to 4 s against an independent check (skyfield, see {@code CrossCheckTest}). This model
 * agrees with the Astronomical Almanac's low-precision formulas to about 0.006 deg over 2026.
 * Valid for a few centuries around 2000 (the series' secular terms); thread-safe and stateless.
 */
public final class SunPosition {
    private static final double DEG = Math.PI / 180;

    private SunPosition() {
    }

    /**
     * @param date  instant
     * @param frame frame of the result (EME2000, TEME, ITRF...)
     * @return the Sun's centre relative to the Earth's centre in {@code frame}, m
     */
    public static Vector3D position(AbsoluteDate date, Frame frame) {
        Frame mod = FramesFactory.getMOD(IERSConventions.IERS_2010);
        Vector3D p = ofDate(date);
        return frame == mod ? p : mod.getStaticTransformTo(frame, date).transformPosition(p);
    }

    /** @return the Sun in the mean equator and equinox of date, m */
    static Vector3D ofDate(AbsoluteDate date) {
        double t = date.durationFrom(AbsoluteDate.J2000_EPOCH) / (36525.0 * 86400.0);   // Julian centuries, TT
        double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;                     // mean longitude, deg
        double m = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * DEG;               // mean anomaly
        double e = 0.016708634 - 0.000042037 * t - 0.0000001267 * t * t;                 // eccentricity
        double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(m)
                + (0.019993 - 0.000101 * t) * Math.sin(2 * m) + 0.000289 * Math.sin(3 * m);
        double nu = m + c * DEG;                                                           // true anomaly
        double rAu = 1.000001018 * (1 - e * e) / (1 + e * Math.cos(nu));
        double lambda = (l0 + c - 20.4898 / 3600.0 / rAu) * DEG;                           // with aberration
        double eps = (23.0 + 26.0 / 60 + 21.448 / 3600 - (46.8150 * t + 0.00059 * t * t - 0.001813 * t * t * t) / 3600) * DEG;
        double r = rAu * Constants.IAU_2012_ASTRONOMICAL_UNIT;
        return new Vector3D(r * Math.cos(lambda), r * Math.sin(lambda) * Math.cos(eps), r * Math.sin(lambda) * Math.sin(eps));
    }
}
