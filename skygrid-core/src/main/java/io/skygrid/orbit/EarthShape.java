package io.skygrid.orbit;

import java.util.Locale;

/**
 * Shape of the Earth as the body that casts the shadow in {@link OrbitPhysics}' eclipse computation.
 */
public enum EarthShape {
    /**
     * A sphere of the WGS-84 equatorial radius (6,378,137 m): the model before the ellipsoid, kept for
     * comparison. Its shadow is too wide near the poles (by up to 21 km of radius), so eclipses over high
     * latitudes start early and end late by seconds.
     */
    SPHERE,
    /**
     * The WGS-84 ellipsoid (a = 6,378,137 m, f = 1/298.257223563), pole along the ITRF z axis: the default.
     */
    WGS84;

    /**
     * @param text {@code sphere} or {@code wgs84} (any case)
     * @return the shape
     * @throws IllegalArgumentException naming the allowed values for anything else
     */
    public static EarthShape parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "sphere" -> SPHERE;
            case "wgs84", "wgs-84" -> WGS84;
            default -> throw new IllegalArgumentException("earth shape must be sphere or wgs84, got '" + text + "'");
        };
    }

    /** @return the lower-case name used on the command line ({@code sphere}, {@code wgs84}) */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
