package io.skygrid.cli.report;

import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.bodies.GeodeticPoint;
import org.orekit.bodies.OneAxisEllipsoid;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.frames.Transform;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.Constants;
import org.orekit.utils.IERSConventions;

import java.time.Instant;

/**
 * Sub-satellite points (geodetic latitude and longitude on the WGS-84 ellipsoid) for the report's map,
 * with the same propagators as the physics: SGP4/SDP4 in TEME for TLE satellites, the J2-secular circular
 * model in EME2000 for designed ones, converted to ITRF (IERS 2010, no EOP). Deterministic.
 */
final class GroundTracks {
    private final Frame itrf;
    private final Frame teme;
    private final Frame eme;
    private final OneAxisEllipsoid earth;
    private final AbsoluteDate epoch;

    GroundTracks(Instant epoch) {
        OrekitSetup.init();
        this.itrf = FramesFactory.getITRF(IERSConventions.IERS_2010, true);
        this.teme = FramesFactory.getTEME();
        this.eme = FramesFactory.getEME2000();
        this.earth = new OneAxisEllipsoid(Constants.WGS84_EARTH_EQUATORIAL_RADIUS, Constants.WGS84_EARTH_FLATTENING, itrf);
        this.epoch = new AbsoluteDate(epoch, TimeScalesFactory.getUTC());
    }

    /**
     * Sub-satellite points of one satellite at {@code steps} instants {@code stepMs} apart from time 0.
     *
     * @return [lon0, lat0, lon1, lat1, ...] in degrees, NaN where the satellite cannot be propagated
     */
    double[] track(SatelliteOrbit sat, int steps, long stepMs) {
        double[] out = new double[2 * steps];
        TLEPropagator prop = sat instanceof SatelliteOrbit.Sgp4 s ? propagator(s) : null;
        double[] pv = new double[6];
        for (int k = 0; k < steps; k++) {
            AbsoluteDate d = epoch.shiftedBy(k * stepMs / 1000.0);
            Transform t = (prop != null ? teme : eme).getTransformTo(itrf, d);
            subpoint(sat, prop, d, t, pv, out, 2 * k);
        }
        return out;
    }

    /**
     * Sub-satellite points of several satellites at one instant.
     *
     * @return [lon0, lat0, lon1, lat1, ...] in degrees, NaN for a satellite that cannot be propagated
     */
    double[] positions(java.util.List<SatelliteOrbit> sats, long atMs) {
        double[] out = new double[2 * sats.size()];
        AbsoluteDate d = epoch.shiftedBy(atMs / 1000.0);
        double[] pv = new double[6];
        Transform fromTeme = teme.getTransformTo(itrf, d);
        Transform fromEme = eme.getTransformTo(itrf, d);
        for (int i = 0; i < sats.size(); i++) {
            SatelliteOrbit s = sats.get(i);
            TLEPropagator prop = s instanceof SatelliteOrbit.Sgp4 sgp ? propagator(sgp) : null;
            subpoint(s, prop, d, prop != null ? fromTeme : fromEme, pv, out, 2 * i);
        }
        return out;
    }

    private TLEPropagator propagator(SatelliteOrbit.Sgp4 s) {
        try {
            return TLEPropagator.selectExtrapolator(s.tle(), teme);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Sub-satellite point at {@code d}; {@code t} goes from the satellite's frame (EME2000 or TEME) to ITRF at {@code d}. */
    private void subpoint(SatelliteOrbit sat, TLEPropagator prop, AbsoluteDate d, Transform t, double[] pv, double[] out,
                          int o) {
        try {
            Vector3D p;
            if (sat instanceof SatelliteOrbit.CircularJ2 c) {
                c.positionVelocity(d.durationFrom(c.elementsEpoch()), pv);
                p = new Vector3D(pv[0], pv[1], pv[2]);
            } else if (sat instanceof SatelliteOrbit.HillOffset h) {
                h.positionVelocity(d.durationFrom(h.reference().elementsEpoch()), pv);
                p = new Vector3D(pv[0], pv[1], pv[2]);
            } else if (prop != null) {
                p = prop.getPVCoordinates(d, teme).getPosition();
            } else {
                out[o] = Double.NaN;
                out[o + 1] = Double.NaN;
                return;
            }
            GeodeticPoint g = earth.transform(t.transformPosition(p), itrf, d);
            out[o] = Math.toDegrees(g.getLongitude());
            out[o + 1] = Math.toDegrees(g.getLatitude());
        } catch (RuntimeException e) {
            out[o] = Double.NaN;
            out[o + 1] = Double.NaN;
        }
    }
}
