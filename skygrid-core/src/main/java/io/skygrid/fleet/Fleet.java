package io.skygrid.fleet;

import java.util.List;

/**
 * Everything that serves work: ground sites, orbital constellations and the ground stations they talk to.
 *
 * @param ground          terrestrial sites
 * @param orbital         orbital constellations
 * @param stations        ground stations for contact windows
 * @param minElevationDeg elevation mask for contacts, degrees
 * @param relay           always-on relay network reaching every satellite, or null when data moves only
 *                        through ground-station contacts
 */
public record Fleet(List<GroundSite> ground, List<OrbitalConstellation> orbital, List<GroundStation> stations,
                    double minElevationDeg, RelayLink relay) {
    public Fleet {
        ground = List.copyOf(ground);
        orbital = List.copyOf(orbital);
        stations = List.copyOf(stations);
    }

    /** A fleet without relay network. */
    public Fleet(List<GroundSite> ground, List<OrbitalConstellation> orbital, List<GroundStation> stations,
                 double minElevationDeg) {
        this(ground, orbital, stations, minElevationDeg, null);
    }
}
