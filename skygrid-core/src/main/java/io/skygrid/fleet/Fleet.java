package io.skygrid.fleet;

import java.util.List;

/**
 * Everything that serves work: ground sites, orbital constellations and the ground stations they talk to.
 *
 * @param ground          terrestrial sites
 * @param orbital         orbital constellations
 * @param stations        ground stations for contact windows
 * @param minElevationDeg elevation mask for contacts, degrees
 */
public record Fleet(List<GroundSite> ground, List<OrbitalConstellation> orbital, List<GroundStation> stations,
                    double minElevationDeg) {
    public Fleet {
        ground = List.copyOf(ground);
        orbital = List.copyOf(orbital);
        stations = List.copyOf(stations);
    }
}
