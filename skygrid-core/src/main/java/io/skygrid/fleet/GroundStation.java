package io.skygrid.fleet;

/**
 * A ground station that can talk to satellites above an elevation mask, with the link capacity of its
 * antenna.
 *
 * <p>Default link capacities ({@link #DEFAULT_DOWNLINK_BPS}, {@link #DEFAULT_UPLINK_BPS}) are derived from
 * the AWS Ground Station site capabilities (docs.aws.amazon.com/ground-station/latest/ug/locations.capabilities.html):
 * an X-band wideband downlink of up to 400 MHz (7,750-8,500 MHz) per polarization, and an uplink channel of up
 * to 54 MHz ({@code AntennaUplinkConfig} bandwidth limit). Spectral efficiencies are assumptions typical of
 * CCSDS/DVB-S2 links: 2 bit/s/Hz downlink (8PSK rate 3/4 after coding overhead), 1 bit/s/Hz uplink (QPSK
 * rate 1/2). KSAT advertises Ka-band and optical services in the same Gbit/s class; set per-station figures
 * in the scenario when you know the real link.
 *
 * @param name         station name
 * @param provider     network operator (e.g. KSAT), may be empty
 * @param latitudeDeg  geodetic latitude, degrees [-90, 90]
 * @param longitudeDeg longitude, degrees [-180, 180]
 * @param altitudeM    height above the WGS-84 ellipsoid, m
 * @param downlinkBps  satellite-to-ground information rate while a satellite is above the mask, bit/s (&gt; 0, finite)
 * @param uplinkBps    ground-to-satellite information rate while a satellite is above the mask, bit/s (&gt; 0, finite)
 */
public record GroundStation(String name, String provider, double latitudeDeg, double longitudeDeg, double altitudeM,
                            double downlinkBps, double uplinkBps) {
    /** Default downlink rate, bit/s: a 400 MHz X-band channel (AWS Ground Station) at 2 bit/s/Hz = 800 Mbit/s. */
    public static final double DEFAULT_DOWNLINK_BPS = 800e6;
    /** Default uplink rate, bit/s: a 54 MHz uplink channel (AWS Ground Station limit) at 1 bit/s/Hz = 54 Mbit/s. */
    public static final double DEFAULT_UPLINK_BPS = 54e6;

    public GroundStation {
        if (!(latitudeDeg >= -90 && latitudeDeg <= 90)) {
            throw new IllegalArgumentException("station " + name + ": latitude must be in [-90, 90], got " + latitudeDeg);
        }
        if (!(longitudeDeg >= -180 && longitudeDeg <= 180)) {
            throw new IllegalArgumentException("station " + name + ": longitude must be in [-180, 180], got " + longitudeDeg);
        }
        if (!(downlinkBps > 0 && Double.isFinite(downlinkBps))) {
            throw new IllegalArgumentException("station " + name + ": downlinkBps must be > 0, got " + downlinkBps);
        }
        if (!(uplinkBps > 0 && Double.isFinite(uplinkBps))) {
            throw new IllegalArgumentException("station " + name + ": uplinkBps must be > 0, got " + uplinkBps);
        }
    }

    /** A station with the default link capacities {@link #DEFAULT_DOWNLINK_BPS} and {@link #DEFAULT_UPLINK_BPS}. */
    public GroundStation(String name, String provider, double latitudeDeg, double longitudeDeg, double altitudeM) {
        this(name, provider, latitudeDeg, longitudeDeg, altitudeM, DEFAULT_DOWNLINK_BPS, DEFAULT_UPLINK_BPS);
    }

    /** @return this station with other link capacities, bit/s */
    public GroundStation withLinks(double downlinkBps, double uplinkBps) {
        return new GroundStation(name, provider, latitudeDeg, longitudeDeg, altitudeM, downlinkBps, uplinkBps);
    }
}
