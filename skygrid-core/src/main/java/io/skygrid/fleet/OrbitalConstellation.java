package io.skygrid.fleet;

import io.skygrid.orbit.OrbitSpec;

/**
 * A set of satellites with identical payloads, scheduled as one orbital cluster.
 *
 * @param name    unique constellation name
 * @param orbit   where the satellites fly: a TLE file or a designed constellation
 * @param payload per-satellite payload and power system
 */
public record OrbitalConstellation(String name, OrbitSpec orbit, SatellitePayload payload) {
}
