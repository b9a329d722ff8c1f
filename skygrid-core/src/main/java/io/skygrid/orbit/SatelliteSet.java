package io.skygrid.orbit;

import java.util.List;

/**
 * Satellites of one constellation, as loaded by {@link Satellites#load}.
 *
 * @param satellites satellites in file or generation order (index = satellite id)
 * @param skipped    records skipped because they were bad, each {@code file:line: reason}; empty unless
 *                   bad TLEs were allowed to be skipped
 */
public record SatelliteSet(List<SatelliteOrbit> satellites, List<String> skipped) {
    public SatelliteSet {
        satellites = List.copyOf(satellites);
        skipped = List.copyOf(skipped);
    }
}
