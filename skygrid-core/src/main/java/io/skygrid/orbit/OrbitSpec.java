package io.skygrid.orbit;

/**
 * Where a constellation's satellites fly: read from a TLE file or designed.
 */
public sealed interface OrbitSpec permits OrbitSpec.TleFile, OrbitSpec.OmmFile, OrbitSpec.WalkerDelta,
        OrbitSpec.SunSynchronous, OrbitSpec.WalkerStar {

    /**
     * Satellites read from a TLE/3LE file, propagated with SGP4.
     *
     * @param file       TLE or 3LE file (absolute, or resolved against the scenario file's folder)
     * @param nameFilter case-insensitive substring the 3LE name line must contain; null for all
     * @param max        keep at most this many satellites (file order); null for all
     */
    record TleFile(java.nio.file.Path file, String nameFilter, Integer max) implements OrbitSpec {
    }

    /**
     * Satellites read from a CCSDS Orbit Mean-elements Message file (OMM, CCSDS 502.0-B-3): the
     * CelesTrak JSON form (an array of OMM objects, {@code FORMAT=json}), or CCSDS XML/KVN (one OMM, or an
     * NDM XML container of several, as CelesTrak's {@code FORMAT=xml}), with SGP4/SDP4 mean elements;
     * propagated with SGP4. Unlike the TLE format, OMM carries catalogue numbers above 99,999.
     *
     * @param file       OMM file (absolute, or resolved against the scenario file's folder)
     * @param nameFilter case-insensitive substring OBJECT_NAME must contain; null for all
     * @param max        keep at most this many satellites (file order); null for all
     */
    record OmmFile(java.nio.file.Path file, String nameFilter, Integer max) implements OrbitSpec {
    }

    /**
     * Walker delta constellation {@code i: t/p/f} of circular orbits (Walker 1984, JBIS 37, 559-571):
     * {@code t} satellites in {@code p} equally spaced planes, phase offset {@code f x 360/t} deg between
     * adjacent planes. Propagated with the analytical J2-secular model.
     *
     * @param inclinationDeg inclination, degrees
     * @param altitudeKm     altitude above the equatorial radius, km
     * @param total          t, number of satellites
     * @param planes         p, number of planes (divides t)
     * @param phasing        f, in [0, p)
     */
    record WalkerDelta(double inclinationDeg, double altitudeKm, int total, int planes, int phasing) implements OrbitSpec {
    }

    /**
     * Walker star constellation {@code i: t/p/f} of circular orbits (Walker 1984; the Iridium pattern):
     * as {@link WalkerDelta} but the {@code p} planes are spread over 180 deg of RAAN instead of 360
     * (plane {@code k} at {@code k x 180/p} deg), so the first and last planes are counter-rotating
     * neighbours across the "seam". Phase offset {@code f x 360/t} deg between adjacent planes.
     * Propagated with the analytical J2-secular model.
     *
     * @param inclinationDeg inclination, degrees (near-polar for global coverage)
     * @param altitudeKm     altitude above the equatorial radius, km
     * @param total          t, number of satellites
     * @param planes         p, number of planes (divides t)
     * @param phasing        f, in [0, p)
     */
    record WalkerStar(double inclinationDeg, double altitudeKm, int total, int planes, int phasing) implements OrbitSpec {
    }

    /**
     * Circular sun-synchronous orbit at an altitude and local time of the ascending node; the
     * inclination follows from the J2 nodal-rate condition. With {@code formationRadiusM > 0} the
     * satellites fly as a compact formation cluster (Suncatcher style) within that radius of a reference
     * satellite, each on a closed Hill-Clohessy-Wiltshire relative orbit ({@link SatelliteOrbit.HillOffset}),
     * at least {@code minSeparationM} apart; otherwise they are spaced evenly around one plane.
     *
     * @param altitudeKm       altitude above the equatorial radius, km
     * @param ltanHours        local time of the ascending node, hours [0, 24) (18.0 = dawn-dusk)
     * @param satellites       number of satellites
     * @param formationRadiusM cluster radius, m; 0 for even spacing around the plane
     * @param minSeparationM   smallest allowed distance between two formation members, m (&gt; 0); ignored
     *                         without a formation
     */
    record SunSynchronous(double altitudeKm, double ltanHours, int satellites, double formationRadiusM,
                          double minSeparationM) implements OrbitSpec {
        /**
         * Default smallest distance between formation members, m: 100 m, the closest spacing of the
         * 81-satellite cluster in Google's Suncatcher design (2025), which keeps neighbours 100-200 m apart.
         */
        public static final double DEFAULT_MIN_SEPARATION_M = 100.0;

        /** With the default minimum separation {@link #DEFAULT_MIN_SEPARATION_M}. */
        public SunSynchronous(double altitudeKm, double ltanHours, int satellites, double formationRadiusM) {
            this(altitudeKm, ltanHours, satellites, formationRadiusM, DEFAULT_MIN_SEPARATION_M);
        }
    }
}
