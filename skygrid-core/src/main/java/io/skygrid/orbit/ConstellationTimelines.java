package io.skygrid.orbit;

import java.util.List;

/**
 * Physics of one constellation over the horizon, precomputed before the simulation.
 *
 * @param constellation constellation name
 * @param satellites    satellite names (TLE name line, or generated {@code name-pPP-sSS}), index = satellite id
 * @param sunlight      sunlight timeline per satellite
 * @param contacts      contact windows per satellite
 */
public record ConstellationTimelines(String constellation, List<String> satellites, SunlightTimeline[] sunlight,
                                     ContactWindows[] contacts) {
    public ConstellationTimelines {
        if (satellites.size() != sunlight.length || sunlight.length != contacts.length) {
            throw new IllegalArgumentException("one sunlight timeline and one contact list per satellite");
        }
    }

    public int size() {
        return sunlight.length;
    }
}
