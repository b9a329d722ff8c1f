package io.skygrid.fleet;

/**
 * A ground station that can talk to satellites above an elevation mask.
 *
 * @param name         station name
 * @param provider     network operator (e.g. KSAT), may be empty
 * @param latitudeDeg  geodetic latitude, degrees [-90, 90]
 * @param longitudeDeg longitude, degrees [-180, 180]
 * @param altitudeM    height above the WGS-84 ellipsoid, m
 */
public record GroundStation(String name, String provider, double latitudeDeg, double longitudeDeg, double altitudeM) {
    public GroundStation {
        if (!(latitudeDeg >= -90 && latitudeDeg <= 90)) {
            throw new IllegalArgumentException("station " + name + ": latitude must be in [-90, 90], got " + latitudeDeg);
        }
        if (!(longitudeDeg >= -180 && longitudeDeg <= 180)) {
            throw new IllegalArgumentException("station " + name + ": longitude must be in [-180, 180], got " + longitudeDeg);
        }
    }
}
