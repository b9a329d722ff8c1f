package io.skygrid.orbit;

import java.time.Instant;
import java.util.List;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

/**
 * Positions of a group of satellites at given instants, in one inertial frame: TEME for SGP4 satellites,
 * EME2000 for designed ones (a group must be all of one kind: the two frames differ by precession since
 * J2000, tens of km at LEO). SGP4 satellites keep one {@link TLEPropagator} each, so a sampler is not
 * thread-safe except through {@link #fill}, which gives each satellite to one thread. A satellite that
 * SGP4 cannot propagate, or puts below {@link OrbitPhysics#MIN_RADIUS_M} (decayed), gets NaN coordinates.
 */
final class PositionSampler {
    private final List<SatelliteOrbit> sats;
    private final AbsoluteDate epochDate;
    private final Frame frame;
    private final TLEPropagator[] props;
    private final double[] offset;   // designed: seconds from elements epoch to the sampler epoch
    private final double[] raanDot;
    private final double[] uDot;
    private final boolean sgp4;

    PositionSampler(List<SatelliteOrbit> sats, Instant epoch) {
        OrekitSetup.init();
        this.sats = List.copyOf(sats);
        this.epochDate = new AbsoluteDate(epoch, TimeScalesFactory.getUTC());
        int n = sats.size();
        long nSgp4 = sats.stream().filter(s -> s instanceof SatelliteOrbit.Sgp4).count();
        if (nSgp4 != 0 && nSgp4 != n) {
            throw new IllegalArgumentException("satellites must be all from TLE/OMM or all designed (their frames differ)");
        }
        sgp4 = nSgp4 > 0;
        frame = sgp4 ? FramesFactory.getTEME() : FramesFactory.getEME2000();
        props = new TLEPropagator[n];
        offset = new double[n];
        raanDot = new double[n];
        uDot = new double[n];
        for (int i = 0; i < n; i++) {
            SatelliteOrbit s = sats.get(i);
            if (!sgp4) {
                SatelliteOrbit.CircularJ2 c = s instanceof SatelliteOrbit.HillOffset h ? h.reference() : (SatelliteOrbit.CircularJ2) s;
                offset[i] = epochDate.durationFrom(c.elementsEpoch());
                raanDot[i] = c.raanRate();
                uDot[i] = c.argLatRate();
            }
        }
    }

    Frame frame() {
        return frame;
    }

    int size() {
        return sats.size();
    }

    /** Position of satellite i at {@code tMs} after the epoch into out[o..o+2]; pv is scratch of length 6. */
    void position(int i, long tMs, double[] pv, double[] out, int o) {
        SatelliteOrbit s = sats.get(i);
        double dt = tMs / 1000.0;
        if (s instanceof SatelliteOrbit.CircularJ2 c) {
            c.positionVelocity(offset[i] + dt, raanDot[i], uDot[i], pv);
        } else if (s instanceof SatelliteOrbit.HillOffset h) {
            h.positionVelocity(offset[i] + dt, raanDot[i], uDot[i], pv);
        } else {
            try {
                if (props[i] == null) {
                    props[i] = TLEPropagator.selectExtrapolator(((SatelliteOrbit.Sgp4) s).tle(), frame);
                }
                Vector3D p = props[i].getPosition(epochDate.shiftedBy(dt), frame);
                pv[0] = p.getX();
                pv[1] = p.getY();
                pv[2] = p.getZ();
                if (!(p.getNorm() >= OrbitPhysics.MIN_RADIUS_M)) {
                    pv[0] = pv[1] = pv[2] = Double.NaN;
                }
            } catch (RuntimeException e) {
                pv[0] = pv[1] = pv[2] = Double.NaN;
            }
        }
        out[o] = pv[0];
        out[o + 1] = pv[1];
        out[o + 2] = pv[2];
    }

    /** Positions of all satellites at {@code tMs}: out[3i..3i+2], m. Single-threaded. */
    void positions(long tMs, double[] out) {
        double[] pv = new double[6];
        for (int i = 0; i < sats.size(); i++) {
            position(i, tMs, pv, out, 3 * i);
        }
    }

    /**
     * Positions at {@code count} instants {@code timesMs[from..from+count)}: {@code out[k]} receives the 3n
     * coordinates at instant {@code from + k}. Parallel over satellites; deterministic.
     */
    void fill(long[] timesMs, int from, int count, double[][] out, int threads) {
        OrbitPhysics.runParallel(sats.size(), threads, () -> {
            double[] pv = new double[6];
            return i -> {
                for (int k = 0; k < count; k++) {
                    position(i, timesMs[from + k], pv, out[k], 3 * i);
                }
            };
        });
    }
}
