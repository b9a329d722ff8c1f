package io.skygrid.orbit;

import io.skygrid.fleet.GroundStation;
import io.skygrid.fleet.OrbitalConstellation;

import java.time.Instant;
import java.util.List;

/**
 * Where a run takes a constellation's physics from when it is not computed in process: timelines
 * computed earlier (for example by the distributed physics of {@code skygrid physics}, stored as Parquet)
 * and read back. A source answers only for the exact inputs its timelines were computed from; otherwise
 * it returns null and the run computes them with {@link OrbitPhysics#compute}.
 */
@FunctionalInterface
public interface TimelineSource {
    /** A source that has nothing: every constellation is computed. */
    TimelineSource NONE = (c, sats, epoch, horizonMs, stations, minElevationDeg) -> null;

    /**
     * @param constellation   the constellation as the scenario describes it
     * @param satellites      its satellites (index = satellite id)
     * @param epoch           scenario epoch (time 0)
     * @param horizonMs       horizon, ms
     * @param stations        ground stations (contact windows refer to indices in this list)
     * @param minElevationDeg elevation mask, degrees
     * @return timelines with one entry per satellite in the same order, times in ms since the epoch; or
     *         null if this source has none for exactly these inputs
     */
    ConstellationTimelines find(OrbitalConstellation constellation, List<SatelliteOrbit> satellites, Instant epoch,
                                long horizonMs, List<GroundStation> stations, double minElevationDeg);
}
