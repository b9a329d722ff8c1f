package io.skygrid.fleet;

import io.skygrid.orbit.OrbitSpec;

/**
 * A set of satellites with identical payloads, scheduled as one orbital cluster.
 *
 * @param name             unique constellation name
 * @param orbit            where the satellites fly: a TLE file or a designed constellation
 * @param payload          per-satellite payload and power system
 * @param radiator         per-satellite radiator, or null when heat rejection is not modelled (no thermal limit)
 * @param maxRadiatorTempK radiator temperature limit, K (the payload is throttled to hold it); ignored without
 *                         a radiator
 */
public record OrbitalConstellation(String name, OrbitSpec orbit, SatellitePayload payload, Radiator radiator,
                                   double maxRadiatorTempK) {

    /** A constellation without a thermal limit. */
    public OrbitalConstellation(String name, OrbitSpec orbit, SatellitePayload payload) {
        this(name, orbit, payload, null, Double.NaN);
    }

    public OrbitalConstellation {
        if (radiator != null && !(maxRadiatorTempK > 0 && maxRadiatorTempK < 1000)) {
            throw new IllegalArgumentException("maxRadiatorTempK must be in (0, 1000) K, got " + maxRadiatorTempK);
        }
    }

    /** @return whether heat rejection limits the payload */
    public boolean hasThermalLimit() {
        return radiator != null;
    }
}
